import { useEffect, useId, useRef, useState } from 'react';

import { identityFingerprint, safetyNumber } from '../identity/safetyNumber.js';

/** 12 groups of 5 digits as 3 rows of 4: short enough to read aloud, row by row. */
const rowsOf = (number) => [0, 4, 8].map((start) => number.split(' ').slice(start, start + 4).join(' '));

/** The safety number and fingerprints of a pin, computed (WebCrypto digests are asynchronous). */
function useNumbers(ownKey, pin) {
  const [numbers, setNumbers] = useState({});
  useEffect(() => {
    setNumbers({});
    if (!ownKey || !pin) return undefined;
    let current = true;
    Promise.all([safetyNumber(ownKey, pin.key), identityFingerprint(pin.key), pin.newKey && identityFingerprint(pin.newKey)]).then(
      ([number, fingerprint, newFingerprint]) => current && setNumbers({ number, fingerprint, newFingerprint }),
      (error) => console.error('cannot compute a safety number', error),
    );
    return () => {
      current = false;
    };
  }, [ownKey, pin?.key, pin?.newKey]);
  return numbers;
}

/**
 * Someone's safety number: from our key and the key pinned for them, the same on both screens when
 * each has the other's real key. Comparing it (in person, on a call) and then "Mark as verified"
 * makes them a verified contact; "Accept new key" pins a changed key. `pin` is the store's
 * ({key, verified, newKey}), `pins` the PinBook that changes it.
 */
export function SafetyDialog({ name, me, identity, pin, pins, onMessage, onClose }) {
  const id = useId();
  const dialog = useRef(null);
  const { number, fingerprint, newFingerprint } = useNumbers(identity?.key, pin);

  useEffect(() => {
    const element = dialog.current;
    if (!element.open) element.showModal();
    return () => element.open && element.close();
  }, []);

  return (
    <dialog id="safety-dialog" className="safety-dialog" ref={dialog} aria-labelledby={`${id}-title`} onClose={onClose}>
      <h2 id={`${id}-title`}>Safety number with {name}</h2>
      {!identity && <p>This page has no identity key, so it has no safety numbers: open the chat over https, or on localhost.</p>}
      {identity && !pin && (
        <p className="no-key">
          No identity key is known for {name} yet: they have sent nothing signed here, or they use a client without a key (their messages say “unsigned”).
        </p>
      )}
      {identity && pin && (
        <>
          <p className="safety-number" data-number={number} aria-busy={!number}>
            {number ? rowsOf(number).map((row) => <span key={row} className="safety-row">{row}</span>) : 'computing…'}
          </p>
          <p className="hint">
            Compare this number with {name} in person or on a call. If both screens show the same, you have each other’s real keys: mark {name} as verified.
          </p>
          <dl className="key-fingerprints">
            <dt>{name}’s key</dt>
            <dd className="fingerprint contact-fingerprint">{fingerprint}</dd>
            <dt>Your key</dt>
            <dd className="fingerprint own-fingerprint">{identity.fingerprint}</dd>
          </dl>
          {pin.verified ? (
            <p className="verified-contact">
              <span aria-hidden="true">✔</span> {name} is a verified contact.{' '}
              <button type="button" id="clear-verified" className="link" onClick={() => pins.setVerified(name, false)}>
                Clear verification
              </button>
            </p>
          ) : (
            <button type="button" id="mark-verified" className="primary" onClick={() => pins.setVerified(name, true)}>
              Mark as verified
            </button>
          )}
          {pin.newKey && (
            <div className={`key-changed-banner ${pin.verified ? 'loud' : ''}`}>
              <p>
                <span aria-hidden="true">⚠</span> {name} now signs with another key, <span className="fingerprint new-fingerprint">{newFingerprint}</span>. The number above
                is for the key pinned before. Accept the new key only when you know why it changed (a new device, a reinstall): otherwise someone else may be using the name.
              </p>
              <button type="button" id="accept-key" onClick={() => pins.accept(name, pin.newKey)}>
                Accept new key
              </button>
            </div>
          )}
        </>
      )}
      <div className="dialog-actions">
        {name !== me && (
          <button type="button" id="write-privately" onClick={() => onMessage(name)}>
            Write privately
          </button>
        )}
        <button type="button" id="close-safety" onClick={() => dialog.current.close()}>
          Close
        </button>
      </div>
    </dialog>
  );
}
