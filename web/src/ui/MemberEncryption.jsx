import { pinName } from '../identity/pinBook.js';

/**
 * Beside a member of a room encrypted with a random key we hold: "Remove from encryption" if they hold
 * the current key (a rekey without them), "Add to encryption" if they do not but we know their
 * sealing key (the current key, sealed to them). Nothing for anyone else.
 */
export function MemberEncryption({ name, encryption, person, onAdd, onRemove }) {
  if (encryption?.kind !== 'random' || encryption.status !== 'ready' || !person) return null;
  if (encryption.holders.includes(person.holder)) {
    return (
      <button type="button" className="link member-remove-encryption" onClick={() => onRemove(name)} title={`A new key for this room, without ${name}`}>
        Remove from encryption
      </button>
    );
  }
  if (!person.sealable) return null;
  return (
    <button type="button" className="link member-add-encryption" onClick={() => onAdd(name)} title={`Seal this room’s key to ${name}`}>
      Add to encryption
    </button>
  );
}

/** The member's entry in the store's `people` (from the BoxDirectory). */
export const personOf = (people, name) => people?.[pinName(name)];
