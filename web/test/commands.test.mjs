// Slash commands: the same as the terminal client's (Tests/ChatCLITests/UserCommandTests.swift).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { parseCommand } from '../src/protocol/commands.js';

const cases = [
  ['hello there', { kind: 'say', text: 'hello there' }],
  ['  ', { kind: 'nothing' }],
  ['/me waves', { kind: 'action', text: 'waves' }],
  ['/msg bob hi there', { kind: 'direct', to: 'bob', text: 'hi there' }],
  ['/who', { kind: 'who', room: undefined }],
  ['/who dev', { kind: 'who', room: 'dev' }],
  ['/join #dev', { kind: 'join', room: '#dev' }],
  ['/leave', { kind: 'leave', room: undefined }],
  ['/rooms', { kind: 'rooms' }],
  ['/nick alicia', { kind: 'nick', name: 'alicia' }],
  ['/quit', { kind: 'quit' }],
  ['//etc is a path', { kind: 'say', text: '/etc is a path' }],
  ['/msg bob', { kind: 'usage', usage: '/msg NAME TEXT' }],
  ['/msg! bob in the clear', { kind: 'direct', to: 'bob', text: 'in the clear', clear: true }],
  ['/msg! bob', { kind: 'usage', usage: '/msg! NAME TEXT' }],
  ['/rekey', { kind: 'rekey' }],
  ['/add carol', { kind: 'add', name: 'carol' }],
  ['/remove carol', { kind: 'remove', name: 'carol' }],
  ['/add', { kind: 'usage', usage: '/add NAME' }],
  ['/dance', { kind: 'unknown', command: '/dance' }],
];

for (const [line, expected] of cases) {
  test(`"${line}" parses`, () => assert.deepEqual(parseCommand(line), expected));
}
