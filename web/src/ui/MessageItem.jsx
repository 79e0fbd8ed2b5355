import { useRef, useState } from 'react';

import { reactionChips } from '../conversation/reactions.js';
import { pinName } from '../identity/pinBook.js';
import { isVerifiedContact } from '../identity/signatureState.js';
import { isActionable, isDeletable, isEditable } from './conversationCommands.js';
import { DeleteConfirm } from './DeleteConfirm.jsx';
import { EmojiPicker } from './EmojiPicker.jsx';
import { KeyChangedBanner } from './KeyChangedBanner.jsx';
import { MESSAGE_KEYS, MessageActions } from './MessageActions.jsx';
import { MessageBody } from './MessageBody.jsx';
import { messageKeys } from './messageKeys.js';
import { ReactionChips } from './ReactionChips.jsx';
import { ReplyQuote } from './ReplyQuote.jsx';
import { SignatureNote } from './SignatureNote.jsx';
import { UploadProgress } from './UploadProgress.jsx';

const timeOf = (time) => new Date(time).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });

/** Marks a plain text in an encrypted room, or a direct message sent in the clear: the server could read it. */
function NotEncrypted() {
  return (
    <span className="not-encrypted" title="Sent without end-to-end encryption: the server could read it">
      not encrypted
    </span>
  );
}

/** A quiet system line, with a way to compare safety numbers after a key change. */
function SystemLine({ item, onIdentity }) {
  return (
    <li className={`system ${item.problem ? 'problem' : ''}`} data-key-change-of={item.keyChangeOf} data-invalid-event={item.invalidEvent}>
      {item.text}
      {item.keyChangeOf && (
        <>
          {' '}
          <button type="button" className="link review-key" onClick={() => onIdentity?.(item.keyChangeOf)}>
            Compare safety numbers
          </button>
        </>
      )}
    </li>
  );
}

/**
 * One line: a message, an action (/me), or a quiet system line. Text is always rendered as text.
 * `data-signature` says what the signature said (verified, first-seen, key-changed, invalid, unsigned),
 * `data-contact-verified` that the sender is a verified contact with this very key (from `pins`, so it
 * follows "Mark as verified" at once). In a room, `actions` (see MessageList) adds the conversation:
 * the quote of what it answers, its reactions, "seen by" notes, and the actions of its hover bar and keys.
 */
export function MessageItem({ item, me, pins = {}, onIdentity, actions }) {
  const line = useRef(null);
  const [picking, setPicking] = useState(false);
  const [confirming, setConfirming] = useState(false);
  // A closed picker or confirmation gives the focus back to its message, for the keys to go on.
  const closing = (set) => () => {
    set(false);
    line.current?.focus();
  };
  const [closePicker, closeConfirm] = [closing(setPicking), closing(setConfirming)];
  if (item.type === 'system') return <SystemLine item={item} onIdentity={onIdentity} />;
  const { signature } = item;
  const pin = pins[pinName(item.from)];
  const contactVerified = signature?.state === 'verified' && !signature.own && isVerifiedContact(pin, signature.key);
  const actionable = Boolean(actions) && isActionable(item);
  const editable = actionable && isEditable(item, actions.ownAuthor);
  const deletable = actionable && isDeletable(item, actions.ownAuthor);
  const chips = actionable ? reactionChips(item.reactions, actions.ownAuthor) : [];
  const react = (emoji) => actions.onReact(item, emoji, chips.some((chip) => chip.emoji === emoji && chip.mine));
  const handlers = actionable && {
    reply: () => actions.onReply(item),
    react: () => setPicking(true),
    edit: () => editable && actions.onEdit(item),
    delete: () => deletable && setConfirming(true),
  };
  const classes = [
    'message',
    item.own ? 'own' : '',
    item.type === 'action' ? 'action' : '',
    item.status ?? '',
    item.history ? 'history' : '',
    item.e2e ? `e2e-${item.e2e}` : '',
    item.deleted ? 'deleted' : '',
    item.mentionsMe ? 'mentions-me' : '',
    actions?.highlighted ? 'highlighted' : '',
  ];
  return (
    <li
      ref={line}
      className={classes.filter(Boolean).join(' ')}
      data-seq={item.seq}
      data-signature={signature?.state}
      data-contact-verified={contactVerified ? 'true' : undefined}
      tabIndex={actionable ? 0 : undefined}
      aria-keyshortcuts={actionable ? Object.values(MESSAGE_KEYS).join(' ') : undefined}
      onKeyDown={handlers ? (event) => messageKeys(event, handlers) : undefined}
    >
      {signature?.state === 'key-changed' && (
        <KeyChangedBanner from={item.from} signature={signature} accepted={pin?.key === signature.key} onReview={() => onIdentity?.(item.from)} />
      )}
      {actions?.quote && <ReplyQuote quote={actions.quote} onOpen={actions.onQuote} />}
      <time dateTime={new Date(item.time).toISOString()}>{timeOf(item.time)}</time> <MessageBody item={item} me={me} contactVerified={contactVerified} onIdentity={onIdentity} files={actions?.files} />
      <SignatureNote signature={signature} from={item.from} />
      {item.e2e === 'plain' && !item.deleted && <NotEncrypted />}
      {item.status === 'uploading' && <UploadProgress item={item} onCancel={() => actions?.onCancelUpload(item)} />}
      {item.status === 'pending' && <span className="state"> sending…</span>}
      {item.status === 'failed' && <span className="state"> {item.type === 'file' ? 'upload failed' : 'not sent'}: {item.error}</span>}
      {item.status === 'cancelled' && <span className="state"> upload cancelled</span>}
      {handlers && <MessageActions editable={editable} deletable={deletable} onReply={handlers.reply} onReact={handlers.react} onEdit={handlers.edit} onDelete={handlers.delete} />}
      <ReactionChips chips={chips} onToggle={react} />
      {picking && <EmojiPicker onPick={react} onClose={closePicker} />}
      {confirming && (
        <DeleteConfirm
          onDelete={() => {
            closeConfirm();
            actions.onDelete(item);
          }}
          onCancel={closeConfirm}
        />
      )}
      {actions?.seenBy?.length > 0 && <span className="seen-by">seen by {actions.seenBy.join(', ')}</span>}
    </li>
  );
}
