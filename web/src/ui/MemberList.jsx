import { pinName } from '../identity/pinBook.js';
import { MemberEncryption, personOf } from './MemberEncryption.jsx';

/**
 * Who is in the room. A name opens that person's safety number (and from there a private
 * conversation); it carries ⚠ while they use a key other than the pinned one, ✔ for a verified contact.
 * In a room encrypted with a random key, each member can be added to or removed from its encryption.
 */
export function MemberList({ members, me, pins = {}, onSelect, encryption, people, onAdd, onRemove }) {
  return (
    <>
      <h2 className="members-title">Members ({members.length})</h2>
      <ul className="member-list">
        {members.map((name) => {
          const pin = pins[pinName(name)];
          return (
            <li key={name}>
              {name === me ? (
                <span className="member me-member">{name} (you)</span>
              ) : (
                <button type="button" className="member" onClick={() => onSelect(name)} title={`${name}: safety number, private messages`} data-key-changed={pin?.newKey ? 'true' : undefined}>
                  {name}
                  {pin?.newKey ? (
                    <span className="member-key-changed" aria-label="new identity key" title={`${name} has a new identity key: compare safety numbers`}>
                      {' '}
                      ⚠
                    </span>
                  ) : (
                    pin?.verified && (
                      <span className="verified-mark" aria-label="verified contact" title="Verified contact">
                        {' '}
                        ✔
                      </span>
                    )
                  )}
                </button>
              )}
              {name !== me && <MemberEncryption name={name} encryption={encryption} person={personOf(people, name)} onAdd={onAdd} onRemove={onRemove} />}
            </li>
          );
        })}
      </ul>
    </>
  );
}
