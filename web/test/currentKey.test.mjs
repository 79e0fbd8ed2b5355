// "Which key is current": every row of the table in docs/PROTOCOL.md, "Key shares".
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { applyShare } from '../src/e2e/currentKey.js';

const NONE = '0000000000000000';
const [K1, K2, K3] = ['1111111111111111', '2222222222222222', '3333333333333333'];

// `proofVerified`: the share's possession proof verified (docs/PROTOCOL.md: the rotation rows need it).
const rows = [
  ['a rotation from my current key, with a record for me', { current: K1, keyId: K2, previous: K1, forMe: true, proofVerified: true }, { current: K2, change: 'rotated' }],
  ['a rotation from my current key without a record for me: I was left out', { current: K1, keyId: K2, previous: K1, forMe: false, proofVerified: true }, { current: undefined, change: 'left-out' }],
  ['a rotation from my current key whose proof does not verify, with a record for me: nothing', { current: K1, keyId: K2, previous: K1, forMe: true, proofVerified: false }, { current: K1, change: 'none' }],
  ['a rotation from my current key whose proof does not verify, without a record for me: not left out', { current: K1, keyId: K2, previous: K1, forMe: false, proofVerified: false }, { current: K1, change: 'none' }],
  ['no current key yet, a record for me (a first key, or being added)', { current: undefined, keyId: K1, previous: NONE, forMe: true, proofVerified: true }, { current: K1, change: 'first' }],
  ['no current key yet, a rotation with a record for me (its proof of a key I lack unchecked)', { current: undefined, keyId: K2, previous: K1, forMe: true, proofVerified: false }, { current: K2, change: 'first' }],
  ['no current key yet, and nothing for me', { current: undefined, keyId: K1, previous: NONE, forMe: false, proofVerified: false }, { current: undefined, change: 'none' }],
  ['a rotation that lost the race: it names a previous key no longer current', { current: K2, keyId: K3, previous: K1, forMe: true, proofVerified: true }, { current: K2, change: 'none' }],
  ['a distribution of a key (no previous) while I have one', { current: K1, keyId: K2, previous: NONE, forMe: true, proofVerified: true }, { current: K1, change: 'none' }],
  ['my current key shared again (to someone added, or by an invitee to itself)', { current: K1, keyId: K1, previous: NONE, forMe: false, proofVerified: true }, { current: K1, change: 'none' }],
  ['a share naming my current key as both', { current: K1, keyId: K1, previous: K1, forMe: true, proofVerified: true }, { current: K1, change: 'none' }],
];

for (const [why, share, effect] of rows) {
  test(`${why}`, () => assert.deepEqual(applyShare(share), effect));
}

test('two rotations at once: the first in the room\'s order wins, the second changes nothing', () => {
  const first = applyShare({ current: K1, keyId: K2, previous: K1, forMe: true, proofVerified: true });
  const second = applyShare({ current: first.current, keyId: K3, previous: K1, forMe: true, proofVerified: true });
  assert.equal(second.current, K2);
});
