// The weak-passphrase rule both clients warn by (docs/PROTOCOL.md, "Sealed room text"): fewer than 12
// characters (Unicode scalars after NFC), fewer than 6 distinct ones, or an estimate under 64 bits,
// the estimate being length × log2(pool), where the pool adds 26 for any lowercase ASCII letter, 26
// for uppercase, 10 for digits and 33 for anything else. Anyone who sees the ciphertext can guess
// offline, so the rule asks for what a GPU cannot run through.

const MINIMUM_LENGTH = 12;
const MINIMUM_DISTINCT = 6;
const MINIMUM_BITS = 64;
const CLASSES = [
  [(char) => char >= 'a' && char <= 'z', 26],
  [(char) => char >= 'A' && char <= 'Z', 26],
  [(char) => char >= '0' && char <= '9', 10],
  [(char) => !/^[A-Za-z0-9]$/.test(char), 33],
];

/** The estimate of the rule, in bits. */
export function passphraseBits(passphrase) {
  const scalars = [...passphrase.normalize('NFC')];
  const pool = CLASSES.reduce((total, [member, size]) => total + (scalars.some(member) ? size : 0), 0);
  return pool ? scalars.length * Math.log2(pool) : 0;
}

/** Whether the passphrase is weak by the protocol's rule. */
export function isWeakPassphrase(passphrase) {
  const scalars = [...passphrase.normalize('NFC')];
  return scalars.length < MINIMUM_LENGTH || new Set(scalars).size < MINIMUM_DISTINCT || passphraseBits(passphrase) < MINIMUM_BITS;
}
