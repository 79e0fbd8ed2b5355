/**
 * This browser's identity key, as its fingerprint: what people who compare safety numbers with you
 * see as "your key". Or why there is none (a page that is not a secure context).
 */
export function OwnIdentity({ browser }) {
  if (!browser) return null;
  if (browser.problem) return <p className="own-identity problem">{browser.problem}</p>;
  return (
    <p className="own-identity" title="Your messages are signed with this key. People who compare safety numbers with you see this fingerprint as yours.">
      Your identity key <span className="fingerprint own-fingerprint">{browser.identity.fingerprint}</span>
      {!browser.persistent && ' (this browser keeps it for this tab only)'}
    </p>
  );
}
