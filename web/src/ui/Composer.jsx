import { useEffect, useId, useMemo, useRef, useState } from 'react';

import { TypingSender } from '../conversation/typingSender.js';
import { directKey } from '../store/chatStore.js';
import { AttachButton } from './AttachButton.jsx';
import { ClearSendWarning } from './ClearSendWarning.jsx';
import { sendLine } from './composerCommands.js';
import { ComposerContext } from './ComposerContext.jsx';
import { lastEditable } from './conversationCommands.js';
import { filesOf, sendFiles } from './fileCommands.js';
import { MentionSuggestions } from './MentionSuggestions.jsx';
import { useMentionCompletion } from './useMentionCompletion.js';

/**
 * The message box: Enter sends, Shift+Enter starts a new line; slash commands as in the terminal client.
 * Everything goes through the session's Outbox, which seals (in an encrypted room, or to someone whose
 * keys we know) and signs each message; we see our plaintext at once. A direct message that cannot be
 * sealed waits for "Send unencrypted". In a room it also replies to a message or edits one of ours
 * (`composing`: {mode: 'reply'|'edit', item}, set by the message actions, or by ↑ in an empty box),
 * tells the room that we type, and completes mentions of its members. Files go to a room from the
 * attach button, or pasted (a picture copied to the clipboard).
 */
export function Composer({ view, state, dispatch, session, composing, onCompose, ownAuthor, onQuit }) {
  const id = useId();
  const box = useRef(null);
  const [text, setText] = useState('');
  const [unsealable, setUnsealable] = useState(undefined); // {to, text}: a dm waiting for "Send unencrypted"
  const { keyring, directory, outbox } = session;
  const room = view.kind === 'room' ? view.name : undefined;
  const completion = useMentionCompletion(room ? view.members : [], state.me);
  // A hint, not a message: not queued for later while offline.
  const online = useRef(false);
  online.current = state.status === 'online';
  // One per room: the composer outlives a switch of rooms, and what we type goes to the room shown.
  const typing = useMemo(
    () => new TypingSender({ send: (active) => room && online.current && outbox.send({ type: 'typing', room, active }) }),
    [room, outbox],
  );

  // The room we leave is told we stopped (unless that would be within the server's pace: it forgets us in 6 s).
  useEffect(
    () => () => {
      typing.stopped();
      typing.stop();
    },
    [typing],
  );

  useEffect(() => {
    if (composing?.mode === 'edit') setText(composing.item.text);
    if (composing) box.current?.focus();
  }, [composing]);

  /** A dm: sealed when we know their keys; otherwise only once the user chose to send it in the clear. */
  const sendDirect = (to, message, clear = false) => {
    const sealable = directory.canSealTo(to);
    if (!sealable && !clear) {
      setUnsealable({ to, text: message });
      return false;
    }
    const frame = outbox.send({ type: 'dm', to, text: message }, { clear });
    dispatch({ type: 'sent', frame, e2e: sealable ? 'ok' : 'plain' });
    return true;
  };

  const change = (next) => {
    setText(next);
    if (composing?.mode !== 'edit') typing.typed(next);
  };

  const cancel = () => {
    if (composing?.mode === 'edit') setText('');
    onCompose(undefined);
  };

  const submit = () => {
    setUnsealable(undefined);
    completion.close();
    if (!sendLine(text, { view, state, dispatch, session, composing, onQuit, sendDirect })) return;
    setText('');
    typing.sent();
    onCompose(undefined);
  };

  /** A paste that carries files (a screenshot, a copied picture) shares them; text is pasted as usual. */
  const paste = (event) => {
    const files = filesOf(event.clipboardData);
    if (!room || files.length === 0) return;
    event.preventDefault();
    sendFiles({ session, dispatch }, view, files);
  };

  const sendUnencrypted = () => {
    const { to, text: message } = unsealable;
    setUnsealable(undefined);
    if (sendDirect(to, message, true)) {
      setText('');
      if (room) dispatch({ type: 'activate', key: directKey(to) });
    }
  };

  const keyDown = (event) => {
    if (event.nativeEvent.isComposing || completion.keyDown(event, change)) return;
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      submit();
    } else if (event.key === 'Escape' && composing) {
      event.preventDefault();
      cancel();
    } else if (event.key === 'ArrowUp' && text === '' && room) {
      const last = lastEditable(view.items, ownAuthor);
      if (last) {
        event.preventDefault();
        onCompose({ mode: 'edit', item: last });
      }
    }
  };

  const sealed = room ? keyring.encrypts(room) : directory.canSealTo(view.name);
  const label = `${composing?.mode === 'edit' ? 'Edit your message in' : 'Message'} ${room ? `#${room}` : `@${view.name}`}${sealed ? ' (encrypted)' : ''}`;
  return (
    <form
      className="composer"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      {unsealable && <ClearSendWarning to={unsealable.to} onSend={sendUnencrypted} onCancel={() => setUnsealable(undefined)} />}
      {composing && <ComposerContext composing={composing} onCancel={cancel} />}
      {completion.offer && <MentionSuggestions id={`${id}-mentions`} offer={completion.offer} onChoose={(name) => completion.choose(name, text, change, box.current)} />}
      <label htmlFor={`${id}-text`} className="visually-hidden">
        {label}
      </label>
      <p id={`${id}-hint`} className="visually-hidden">
        Enter sends, Shift+Enter starts a new line, ↑ in an empty box edits your last message, @ mentions a member, /help lists the commands.
        {room && ' A picture pasted here, or files dropped on the conversation, are shared in the room.'}
      </p>
      <textarea
        id={`${id}-text`}
        ref={box}
        value={text}
        aria-describedby={`${id}-hint`}
        aria-autocomplete="list"
        aria-controls={completion.offer ? `${id}-mentions` : undefined}
        aria-activedescendant={completion.offer ? `${id}-mentions-${completion.offer.selected}` : undefined}
        placeholder={label}
        rows={Math.min(6, text.split('\n').length)}
        onChange={(event) => {
          change(event.target.value);
          completion.update(event.target);
        }}
        onSelect={(event) => completion.update(event.target)}
        onKeyDown={keyDown}
        onPaste={paste}
        autoFocus
      />
      {room && <AttachButton room={room} onFiles={(files) => sendFiles({ session, dispatch }, view, files)} />}
      <button type="submit" className="primary">
        {composing?.mode === 'edit' ? 'Save' : 'Send'}
      </button>
    </form>
  );
}
