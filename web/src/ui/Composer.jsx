import { useId, useState } from 'react';

import { HELP, parseCommand } from '../protocol/commands.js';
import { directKey, roomKey } from '../store/chatStore.js';

const utf8Length = (text) => new TextEncoder().encode(text).length;

/** The message box: Enter sends, Shift+Enter starts a new line; slash commands as in the terminal client. */
export function Composer({ view, state, dispatch, connection, onQuit }) {
  const id = useId();
  const [text, setText] = useState('');
  const room = view.kind === 'room' ? view.name : undefined;
  const notice = (line) => dispatch({ type: 'notice', text: line });

  const send = (line) => {
    const command = parseCommand(line);
    switch (command.kind) {
      case 'nothing':
        return true;
      case 'say':
      case 'action': {
        const limit = state.limits?.max_message_bytes;
        if (limit && utf8Length(command.text) > limit) {
          notice(`That message is ${utf8Length(command.text)} bytes; the limit is ${limit}.`);
          return false;
        }
        if (command.text.trim() === '') return true;
        const frame = room
          ? connection.say(command.text, room, command.kind === 'action')
          : connection.send({ type: 'dm', to: view.name, text: command.kind === 'action' ? `* ${command.text}` : command.text });
        dispatch({ type: 'sent', frame });
        return true;
      }
      case 'direct': {
        const frame = connection.send({ type: 'dm', to: command.to, text: command.text });
        dispatch({ type: 'sent', frame });
        dispatch({ type: 'activate', key: directKey(command.to) });
        return true;
      }
      case 'join': {
        const name = command.room.replace(/^#/, '').toLowerCase();
        if (state.views[roomKey(name)]) dispatch({ type: 'activate', key: roomKey(name) });
        else {
          dispatch({ type: 'joining', room: name });
          connection.send({ type: 'join', room: name });
        }
        return true;
      }
      case 'leave':
        connection.send({ type: 'leave', room: command.room ?? room ?? 'lobby' });
        return true;
      case 'who':
        connection.send({ type: 'who', room: command.room ?? room ?? 'lobby' });
        return true;
      case 'nick':
        connection.send({ type: 'rename', name: command.name });
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

  const label = room ? `Message #${room}` : `Message @${view.name}`;
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
