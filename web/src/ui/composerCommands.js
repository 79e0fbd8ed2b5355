// What a line sent from the composer does: a message (a reply, when the composer replies to one; a
// new text for our message, when it edits one), or one of the slash commands the terminal client
// knows too. `context`: {view, state, dispatch, session, composing, onQuit, sendDirect}; each returns
// whether the composer may clear (false: the line stays, to fix or to confirm).

import { maxPlaintextBytes } from '../e2e/sealedText.js';
import { HELP, parseCommand } from '../protocol/commands.js';
import { roomName } from '../protocol/roomName.js';
import { directKey } from '../store/chatStore.js';
import { referenceOf, sendEdit } from './conversationCommands.js';
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

const roomOf = (view) => (view.kind === 'room' ? view.name : undefined);
const notice = ({ dispatch }, text) => dispatch({ type: 'notice', text });

/** Whether `text` fits the limit; if not, the room is told why. */
function fits(context, text) {
  const room = roomOf(context.view);
  const limit = limitFor(context.state.limits, room !== undefined ? context.state.encryption[room] : undefined);
  if (!limit || utf8Length(text) <= limit.bytes) return true;
  notice(context, limit.explain(utf8Length(text)));
  return false;
}

/** A line from the composer: an edit of our message in edit mode, else a message or a command. */
export function sendLine(line, context) {
  const { composing } = context;
  if (composing?.mode !== 'edit') return runCommand(parseCommand(line), context);
  if (line.trim() === '' || line === composing.item.text) return true; // nothing changed: the edit just ends
  if (!fits(context, line)) return false;
  sendEdit(context, roomOf(context.view), composing.item, line);
  return true;
}

function say(command, context) {
  const { view, dispatch, session, composing } = context;
  const room = roomOf(view);
  if (!fits(context, command.text)) return false;
  if (command.text.trim() === '') return true;
  if (!room) return context.sendDirect(view.name, command.kind === 'action' ? `* ${command.text}` : command.text);
  const reply = composing?.mode === 'reply' ? referenceOf(composing.item) : undefined;
  const frame = session.outbox.send({ type: command.kind === 'action' ? 'action' : 'say', room, text: command.text, reply });
  dispatch({ type: 'sent', frame, e2e: session.keyring.encrypts(room) ? 'ok' : undefined });
  return true;
}

function runCommand(command, context) {
  const { view, state, dispatch, session } = context;
  const room = roomOf(view);
  switch (command.kind) {
    case 'nothing':
      return true;
    case 'say':
    case 'action':
      return say(command, context);
    case 'direct': {
      if (!context.sendDirect(command.to, command.text, command.clear)) return false;
      dispatch({ type: 'activate', key: directKey(command.to) });
      return true;
    }
    case 'rekey':
    case 'add':
    case 'remove':
      if (!room) {
        notice(context, `/${command.kind} is for an encrypted room: switch to one first`);
        return false;
      }
      if (command.kind === 'rekey') rekey(context, room);
      else if (command.kind === 'add') addToEncryption(context, room, command.name);
      else removeFromEncryption(context, room, command.name);
      return true;
    case 'join':
      joinRoom({ state, dispatch, session, room: roomName(command.room) });
      return true;
    case 'leave':
      session.outbox.send({ type: 'leave', room: command.room ? roomName(command.room) : room ?? 'lobby' });
      return true;
    case 'who':
      session.outbox.send({ type: 'who', room: command.room ?? room ?? 'lobby' });
      return true;
    case 'nick':
      session.outbox.send({ type: 'rename', name: command.name });
      return true;
    case 'rooms':
      notice(context, `Your rooms: ${state.order.filter((key) => key.startsWith('room:')).map((key) => `#${state.views[key].name}`).join(' ')}`);
      return true;
    case 'help':
      for (const [usage, what] of HELP) notice(context, `${usage} — ${what}`);
      return true;
    case 'quit':
      context.onQuit();
      return true;
    case 'usage':
      notice(context, `Usage: ${command.usage}`);
      return false;
    default:
      notice(context, `Unknown command ${command.command}: /help lists them`);
      return false;
  }
}
