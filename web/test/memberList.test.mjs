// A room's member list, kept from snapshots and presence events (protocol/memberList.js).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { addMember, applyPresence, compareNames, removeMember, renameMember, sortMembers } from '../src/protocol/memberList.js';

const fixture = (name) =>
  JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'Tests', 'Fixtures', 'protocol', 'server', name), 'utf8'));
const presence = (event, name, from = undefined) => ({ type: 'presence', room: 'lobby', seq: 1, event, name, ...(from === undefined ? {} : { from }) });

test('names sort as the server sorts them: lowercased first, then as spelled', () => {
  assert.deepEqual(sortMembers(['bob', 'Carol', 'alice', 'Bob', 'ALICE', 'dave']), ['ALICE', 'alice', 'Bob', 'bob', 'Carol', 'dave']);
  // Code unit order, not the locale's: '_' (0x5f) sorts after the digits and before the letters.
  assert.deepEqual(sortMembers(['b', 'a_b', 'a1', 'ab', 'a.b', 'a-b']), ['a-b', 'a.b', 'a1', 'a_b', 'ab', 'b']);
  assert.equal(compareNames('Zed', 'alice') > 0, true, 'case does not come first');
  assert.equal(compareNames('amy', 'amy'), 0);
});

test('joined adds the name in its place', () => {
  assert.deepEqual(applyPresence(['alice', 'carol'], presence('joined', 'bob')), ['alice', 'bob', 'carol']);
  assert.deepEqual(applyPresence(['bob', 'carol'], presence('joined', 'Alice')), ['Alice', 'bob', 'carol']);
  assert.deepEqual(applyPresence(['alice', 'bob'], presence('joined', 'zoe')), ['alice', 'bob', 'zoe']);
  assert.deepEqual(applyPresence([], presence('joined', 'amy')), ['amy']);
  assert.deepEqual(applyPresence(['amy', 'bob'], presence('joined', 'Amy')), ['Amy', 'amy', 'bob'], 'ties by the raw name');
});

test('a name already there is not added twice', () => {
  const members = ['alice', 'bob'];
  assert.equal(applyPresence(members, presence('joined', 'bob')), members, 'the same list comes back');
  assert.deepEqual(applyPresence(members, presence('renamed', 'bob', 'alice')), ['bob']);
});

test('left removes the name; an unknown name changes nothing', () => {
  const members = ['alice', 'bob', 'carol'];
  assert.deepEqual(applyPresence(members, presence('left', 'bob')), ['alice', 'carol']);
  assert.equal(applyPresence(members, presence('left', 'dave')), members);
  assert.equal(applyPresence(members, presence('left', 'Bob')), members, 'names compare exactly');
  assert.deepEqual(applyPresence(['amy'], presence('left', 'amy')), []);
});

test('renamed replaces the old name, in the new name\'s place', () => {
  assert.deepEqual(applyPresence(['alice', 'bob', 'erin'], presence('renamed', 'zed', 'alice')), ['bob', 'erin', 'zed']);
  assert.deepEqual(applyPresence(['alice', 'bob', 'erin'], presence('renamed', 'Alice', 'alice')), ['Alice', 'bob', 'erin']);
  assert.deepEqual(applyPresence(['bob', 'erin'], presence('renamed', 'alicia', 'alice')), ['alicia', 'bob', 'erin'], 'added when the old name was missing');
  assert.deepEqual(renameMember(['bob'], 'bob', 'bob'), ['bob']);
});

test('the lists given are never changed', () => {
  const members = Object.freeze(['alice', 'bob']);
  applyPresence(members, presence('joined', 'carol'));
  applyPresence(members, presence('left', 'alice'));
  applyPresence(members, presence('renamed', 'al', 'alice'));
  addMember(members, 'aaron');
  removeMember(members, 'bob');
  assert.deepEqual(members, ['alice', 'bob']);
});

test('an unknown event, or a list the frame still carries, is passed over', () => {
  const members = ['alice'];
  assert.equal(applyPresence(members, presence('danced', 'bob')), members);
  assert.deepEqual(applyPresence(members, { ...presence('joined', 'bob'), members: ['nobody'] }), ['alice', 'bob']);
});

test('the protocol fixtures, applied in order, give the list the server would send', () => {
  let members = ['alice', 'bob', 'carol'];
  for (const name of ['presence-joined.json', 'presence-left.json', 'presence-renamed.json']) members = applyPresence(members, fixture(name));
  assert.deepEqual(members, ['alicia', 'bob', 'erin']);
});

test('a crowd arriving one by one ends sorted, whatever the order', () => {
  const names = Array.from({ length: 200 }, (_, i) => `${i % 2 ? 'U' : 'u'}ser${(i * 7919) % 200}`);
  const members = names.reduce((list, name) => applyPresence(list, presence('joined', name)), []);
  assert.deepEqual(members, sortMembers(names));
  const after = names.filter((_, i) => i % 3 === 0).reduce((list, name) => applyPresence(list, presence('left', name)), members);
  assert.deepEqual(after, sortMembers(names.filter((_, i) => i % 3 !== 0)));
});
