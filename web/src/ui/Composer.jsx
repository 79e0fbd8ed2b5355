import { useId, useState } from 'react';

import { maxPlaintextBytes } from '../e2e/sealedText.js';
import { HELP, parseCommand } from '../protocol/commands.js';
import { roomName } from '../protocol/roomName.js';
import { directKey } from '../store/chatStore.js';
import { ClearSendWarning } from './ClearSendWarning.jsx';
import { addToEncryption, rekey, removeFromEncryption } from './encryptionCommands.js';
import { joinRoom } from './joining.js';

const utf8Length = (text) => new TextEncoder().encode(text).length;

/** The limit for a message, in UTF-8 bytes, and how to explain it: sealing makes a message larger (a passphrase room's carries its salt too). */
function limitFor(limits, encryption) {
  const limit = limits?.max_message_bytes;
  if (!limit) return undefined;
  const most = maxPlaintextBytes(limit, encryption?.kind === 'passphrase');
  return encryption
    ? { bytes: most, explain: (size) => `That message is ${size} bytes; in an encrypted room the limit is ${most} (encryption makes messages larger).` }
    : { bytes: limit, explain: (size) => `That message is ${size} bytes; the limit is ${limit}.` };
}

/**
 * The message box: Enter sends, Shift+Enter starts a new line; slash commands as in the terminal client.
 * Everything goes through the session's Outbox, which seals (in an encrypted room, or to someone whose
 * keys we know) and signs each message; we see our plaintext at once. A direct message that cannot be
 * sealed waits for "Send unencrypted".
 */
export function Composer({ view, state, dispatch, session, onQuit }) {
  const id = useId();
  const [text, setText] = useState('');
  const [unsealable, setUnsealable] = useState(undefined); // {to, text}: a dm waiting for "Send unencrypted"
  const { keyring, directory, outbox } = session;
  const room = view.kind === 'room' ? view.name : undefined;
  const encrypted = room !== undefined && keyring.encrypts(room);
  const notice = (line) => dispatch({ type: 'notice', text: line });
  const context = { session, dispatch };

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

  const send = (line) => {
    const command = parseCommand(line);
    switch (command.kind) {
      case 'nothing':
        return true;
      case 'say':
      case 'action': {
        const limit = limitFor(state.limits, room !== undefined ? state.encryption[room] : undefined);
        if (limit && utf8Length(command.text) > limit.bytes) {
          notice(limit.explain(utf8Length(command.text)));
          return false;
        }
        if (command.text.trim() === '') return true;
        if (!room) return sendDirect(view.name, command.kind === 'action' ? `* ${command.text}` : command.text);
        const frame = outbox.send({ type: command.kind === 'action' ? 'action' : 'say', room, text: command.text });
        dispatch({ type: 'sent', frame, e2e: encrypted ? 'ok' : undefined });
        return true;
      }
      case 'direct': {
        if (!sendDirect(command.to, command.text, command.clear)) return false;
        dispatch({ type: 'activate', key: directKey(command.to) });
        return true;
      }
      case 'rekey':
      case 'add':
      case 'remove':
        if (!room) {
          notice(`/${command.kind} is for an encrypted room: switch to one first`);
          return false;
        }
        if (command.kind === 'rekey') rekey(context, room);
        else if (command.kind === 'add') addToEncryption(context, room, command.name);
        else removeFromEncryption(context, room, command.name);
        return true;
      case 'join':
        joinRoom({ state, dispatch, session, room: roomName(command.room) });
        return true;
      case 'leave': {
        const leaving = command.room ? roomName(command.room) : room ?? 'lobby';
        outbox.send({ type: 'leave', room: leaving });
        return true;
      }
      case 'who':
        outbox.send({ type: 'who', room: command.room ?? room ?? 'lobby' });
        return true;
      case 'nick':
        outbox.send({ type: 'rename', name: command.name });
        return true;
      case 'rooms':
        notice(`Your rooms: ${state.order.filter((key) => key.startsWith('room:')).map((key) => `#${state.views[key].name}`).join(' ')}`);
        return true;
      case 'help':
        for (const [usage, what] of HELP) notice(`${usage} — ${what}`);
        return true;
      case 'quit':
        onQuit();
        return true;
      case 'usage':
        notice(`Usage: ${command.usage}`);
        return false;
      default:
        notice(`Unknown command ${command.command}: /help lists them`);
        return false;
    }
  };

  const submit = () => {
    setUnsealable(undefined);
    if (send(text)) setText('');
  };

  const sendUnencrypted = () => {
    const { to, text: message } = unsealable;
    setUnsealable(undefined);
    if (sendDirect(to, message, true)) {
      setText('');
      if (room) dispatch({ type: 'activate', key: directKey(to) });
    }
  };

  const sealed = room ? encrypted : directory.canSealTo(view.name);
  const label = `Message ${room ? `#${room}` : `@${view.name}`}${sealed ? ' (encrypted)' : ''}`;
  return (
    <form
      className="composer"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      {unsealable && <ClearSendWarning to={unsealable.to} onSend={sendUnencrypted} onCancel={() => setUnsealable(undefined)} />}
      <label htmlFor={`${id}-text`} className="visually-hidden">
        {label}
      </label>
      <p id={`${id}-hint`} className="visually-hidden">
        Enter sends, Shift+Enter starts a new line, /help lists the commands.
      </p>
      <textarea
        id={`${id}-text`}
        value={text}
        aria-describedby={`${id}-hint`}
        placeholder={label}
        rows={Math.min(6, text.split('\n').length)}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
            event.preventDefault();
            submit();
          }
        }}
        autoFocus
      />
      <button type="submit" className="primary">
        Send
      </button>
    </form>
  );
}
