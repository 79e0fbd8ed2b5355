// This browser's identity key (docs/PROTOCOL.md, "Identity (id1)"): an Ed25519 key pair whose private
// half WebCrypto never lets out, the public key as the wire spells it, and its fingerprint. It proves
// the hello and signs every message; savedIdentity.js keeps it across visits. Beside it, the X25519
// sealing key that end-to-end encryption seals to ("Sealing keys (box)"), with its signed `box`.

import { decodeBase64URL, encodeBase64URL } from '../crypto/base64url.js';
import { generateSealingKey, sealingKeyFromSeed } from '../crypto/sealingKey.js';
import { makeBox } from '../e2e/box.js';
import { importSeed, parseCarriedIdentity } from './carriedIdentity.js';
import { identityFingerprint } from './safetyNumber.js';
import { ED25519, signBytes } from './signatures.js';
import { helloInput, messageInput, signedFields } from './signingInput.js';

export class Identity {
  /** A new key pair and sealing key; the private keys cannot be exported, not even by this page. */
  static async generate() {
    const keys = await globalThis.crypto.subtle.generateKey(ED25519, false, ['sign', 'verify']);
    return Identity.fromKeys({ ...keys, sealing: await generateSealingKey() });
  }

  /** The identity of a pasted `privchat-id1-secret:` text, with the CLI's sealing key; throws CarriedIdentityError if it is not one. */
  static async fromCarried(text) {
    const seed = parseCarriedIdentity(text);
    try {
      return await Identity.fromKeys({ ...(await importSeed(seed)), sealing: await sealingKeyFromSeed(seed) });
    } finally {
      seed.fill(0);
    }
  }

  /** The identity of a {privateKey, publicKey, sealing: {privateKey, publicBytes}} (as made, imported or stored). */
  static async fromKeys({ privateKey, publicKey, sealing }) {
    const key = encodeBase64URL(new Uint8Array(await globalThis.crypto.subtle.exportKey('raw', publicKey)));
    const box = await makeBox(privateKey, sealing.publicBytes);
    return new Identity({ privateKey, publicKey, sealing, key, box, fingerprint: await identityFingerprint(key) });
  }

  constructor({ privateKey, publicKey, sealing, key, box, fingerprint }) {
    Object.assign(this, { privateKey, publicKey, sealing, key, box, fingerprint });
    this.keyBytes = decodeBase64URL(key);
  }

  /** What is stored: the CryptoKeys themselves (structured-cloneable, the private ones still sealed). */
  get keys() {
    return { privateKey: this.privateKey, publicKey: this.publicKey, sealing: this.sealing };
  }

  /** What sealing and opening need of us: {key (bytes), boxPrivateKey, boxPublic, box (wire)}. */
  get sealer() {
    return { key: this.keyBytes, boxPrivateKey: this.sealing.privateKey, boxPublic: this.sealing.publicBytes, box: this.box };
  }

  /** The `prove` signature for a `challenge`'s nonce (base64url) and the name of the hello it answers. */
  async proveHello(nonce, name) {
    const bytes = decodeBase64URL(nonce);
    if (!bytes) throw new TypeError('the challenge nonce is not base64url');
    return signBytes(this.privateKey, helloInput(bytes, name));
  }

  /** A `say`, `action`, `dm`, `share`, `edit`, `delete`, `reaction` or `file` frame (with its id and its final, sealed text) with its `sig`. */
  async sign(frame) {
    return { ...frame, sig: await signBytes(this.privateKey, messageInput(signedFields(frame))) };
  }
}
