// This browser's identity key (docs/PROTOCOL.md, "Identity (id1)"): an Ed25519 key pair whose private
// half WebCrypto never lets out, the public key as the wire spells it, and its fingerprint. It proves
// the hello and signs every message; savedIdentity.js keeps it across visits.

import { decodeBase64URL, encodeBase64URL } from '../crypto/base64url.js';
import { importSeed, parseCarriedIdentity } from './carriedIdentity.js';
import { identityFingerprint } from './safetyNumber.js';
import { ED25519, signBytes } from './signatures.js';
import { helloInput, messageInput, signedFields } from './signingInput.js';

export class Identity {
  /** A new key pair; the private key cannot be exported, not even by this page. */
  static async generate() {
    return Identity.fromKeys(await globalThis.crypto.subtle.generateKey(ED25519, false, ['sign', 'verify']));
  }

  /** The identity of a pasted `privchat-id1-secret:` text; throws CarriedIdentityError if it is not one. */
  static async fromCarried(text) {
    const seed = parseCarriedIdentity(text);
    try {
      return await Identity.fromKeys(await importSeed(seed));
    } finally {
      seed.fill(0);
    }
  }

  /** The identity of a {privateKey, publicKey} pair (as made, imported or stored). */
  static async fromKeys({ privateKey, publicKey }) {
    const key = encodeBase64URL(new Uint8Array(await globalThis.crypto.subtle.exportKey('raw', publicKey)));
    return new Identity({ privateKey, publicKey, key, fingerprint: await identityFingerprint(key) });
  }

  constructor({ privateKey, publicKey, key, fingerprint }) {
    Object.assign(this, { privateKey, publicKey, key, fingerprint });
  }

  /** What is stored: the CryptoKeys themselves (structured-cloneable, the private one still sealed). */
  get keys() {
    return { privateKey: this.privateKey, publicKey: this.publicKey };
  }

  /** The `prove` signature for a `challenge`'s nonce (base64url) and the name of the hello it answers. */
  async proveHello(nonce, name) {
    const bytes = decodeBase64URL(nonce);
    if (!bytes) throw new TypeError('the challenge nonce is not base64url');
    return signBytes(this.privateKey, helloInput(bytes, name));
  }

  /** A `say`, `action` or `dm` frame (with its id and its final, sealed text) with its `sig`. */
  async sign(frame) {
    return { ...frame, sig: await signBytes(this.privateKey, messageInput(signedFields(frame))) };
  }
}
