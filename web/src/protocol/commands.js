// What a line typed in the composer asks for: a message, or one of the slash commands the terminal
// client knows too (see Services/ChatCLI/UserCommand.swift).

export const HELP = [
  ['/help', 'this list'],
  ['/who [room]', 'who is in the room'],
  ['/join room', 'join a room, or switch to it'],
  ['/leave [room]', 'leave a room (default: this one)'],
  ['/rooms', 'the rooms you are in'],
  ['/msg name text', 'a private message (sealed when their keys are known)'],
  ['/msg! name text', 'a private message in the clear, to someone without keys'],
  ['/me text', 'an action: * you text'],
  ['/nick name', 'change your name'],
  ['/rekey', 'a new key for this encrypted room, to those who hold the current one'],
  ['/add name', 'give name this room’s key (add them to encryption)'],
  ['/remove name', 'a new key for this room, without name (remove them from encryption)'],
  ['/quit', 'leave the chat'],
];

/** Parses one line into {kind, ...}. `//text` says `/text`. */
export function parseCommand(line) {
  const trimmed = line.trim();
  if (trimmed === '') return { kind: 'nothing' };
  if (!trimmed.startsWith('/')) return { kind: 'say', text: line };
  if (trimmed.startsWith('//')) return { kind: 'say', text: line.slice(line.indexOf('/') + 1) };
  const match = /^\/(\S*)\s*([\s\S]*)$/.exec(trimmed);
  const command = match[1].toLowerCase();
  const rest = match[2].trim();
  switch (command) {
    case 'help': case 'h': case '?': return { kind: 'help' };
    case 'quit': case 'exit': case 'q': return { kind: 'quit' };
    case 'rooms': return { kind: 'rooms' };
    case 'who': return { kind: 'who', room: rest || undefined };
    case 'join': case 'j': return rest ? { kind: 'join', room: rest } : { kind: 'usage', usage: '/join ROOM' };
    case 'leave': case 'part': return { kind: 'leave', room: rest || undefined };
    case 'me': return rest ? { kind: 'action', text: rest } : { kind: 'usage', usage: '/me TEXT' };
    case 'nick': case 'name': return rest ? { kind: 'nick', name: rest } : { kind: 'usage', usage: '/nick NAME' };
    case 'msg': case 'dm': case 'm': case 'msg!': {
      const parts = /^(\S+)\s+([\s\S]+)$/.exec(rest);
      const clear = command.endsWith('!');
      if (!parts) return { kind: 'usage', usage: clear ? '/msg! NAME TEXT' : '/msg NAME TEXT' };
      return clear ? { kind: 'direct', to: parts[1], text: parts[2].trim(), clear } : { kind: 'direct', to: parts[1], text: parts[2].trim() };
    }
    case 'rekey': return { kind: 'rekey' };
    case 'add': return rest ? { kind: 'add', name: rest } : { kind: 'usage', usage: '/add NAME' };
    case 'remove': return rest ? { kind: 'remove', name: rest } : { kind: 'usage', usage: '/remove NAME' };
    default: return { kind: 'unknown', command: `/${command}` };
  }
}
