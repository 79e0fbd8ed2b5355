// The share wire form's size (docs/PROTOCOL.md, "Key shares"): how many recipients fit the server's
// limit. Its bytes and proofs are checked against the shared vectors in e2eVectors.test.mjs.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { encodeBase64URL } from '../src/crypto/base64url.js';
import { maxRecipients, SHARE_PREFIX } from '../src/e2e/keyShare.js';

/** The length of a share's text with `count` records: a 64-byte header (two key ids, proof, ephemeral key), 68 bytes a record. */
const textLength = (count) => SHARE_PREFIX.length + encodeBase64URL(new Uint8Array(64 + 68 * count)).length;

test('with the default limit of 65,536 a share holds 721 recipients, and one more would not fit', () => {
  assert.equal(maxRecipients(65536), 721);
  assert.ok(textLength(721) <= 65536);
  assert.ok(textLength(722) > 65536);
});
