import { useId, useState } from 'react';

import { maxPlaintextBytes } from '../crypto/sealedText.js';
import { HELP, parseCommand } from '../protocol/commands.js';
import { directKey } from '../store/chatStore.js';
import { joinRoom, roomName } from './joining.js';

const utf8Length = (text) => new TextEncoder().encode(text).length;

/** The limit for a message, in UTF-8 bytes, and how to explain it: sealing makes a message larger. */
function limitFor(limits, encrypted) {
  const limit = limits?.max_message_bytes;
  if (!limit) return undefined;
  return encrypted
    ? { bytes: maxPlaintextBytes(limit), explain: (size) => `That message is ${size} bytes; in an encrypted room the limit is ${maxPlaintextBytes(limit)} (encryption makes messages larger).` }
    : { bytes: limit, explain: (size) => `That message is ${size} bytes; the limit is ${limit}.` };
}

/**
 * The message box: Enter sends, Shift+Enter starts a new line; slash commands as in the terminal client.
 * Everything goes through the session's Outbox, which seals (in an encrypted room) and signs each
 * message; we see our plaintext at once.
 */
export function Composer({ view, state, dispatch, session, onQuit }) {
  const id = useId();
  const [text, setText] = useState('');
  const { keyring, outbox } = session;
  const room = view.kind === 'room' ? view.name : undefined;
  const encrypted = room !== undefined && keyring.has(room);
  const notice = (line) => dispatch({ type: 'notice', text: line });

  const send = (line) => {
    const command = parseCommand(line);
    switch (command.kind) {
      case 'nothing':
        return true;
      case 'say':
      case 'action': {
        const limit = limitFor(state.limits, encrypted);
        if (limit && utf8Length(command.text) > limit.bytes) {
          notice(limit.explain(utf8Length(command.text)));
          return false;
        }
        if (command.text.trim() === '') return true;
        const frame = room
          ? outbox.send({ type: command.kind === 'action' ? 'action' : 'say', room, text: command.text })
          : outbox.send({ type: 'dm', to: view.name, text: command.kind === 'action' ? `* ${command.text}` : command.text });
        dispatch({ type: 'sent', frame, e2e: encrypted ? 'ok' : undefined });
        return true;
      }
      case 'direct': {
        const frame = outbox.send({ type: 'dm', to: command.to, text: command.text });
        dispatch({ type: 'sent', frame });
        dispatch({ type: 'activate', key: directKey(command.to) });
        return true;
      }
      case 'join':
        joinRoom({ state, dispatch, session, room: roomName(command.room) });
        return true;
      case 'leave': {
        const leaving = command.room ? roomName(command.room) : room ?? 'lobby';
        keyring.forget(leaving);
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
    if (send(text)) setText('');
  };

  const label = room ? `Message #${room}${encrypted ? ' (encrypted)' : ''}` : `Message @${view.name}`;
  return (
    <form
      className="composer"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
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
