// WebCrypto exists only in secure contexts (https, or http://localhost): without it the page has no
// identity key, so it can neither sign nor encrypt.

/** Whether this page can sign and encrypt at all: browsers hide crypto.subtle outside secure contexts. */
export function cryptoAvailable() {
  return Boolean(globalThis.crypto?.subtle);
}
