const QUOTED = {
  deleted: 'message deleted',
  missing: 'message not available',
};

/** The start of the message a reply answers (replyQuote.js); clicking it goes to the original, if we hold it. */
export function ReplyQuote({ quote, onOpen }) {
  const who = quote.from ? `${quote.from}: ` : '';
  const text = quote.state === 'shown' ? quote.excerpt : QUOTED[quote.state];
  const label = `Reply to ${quote.from ?? 'a message'}: ${text}`;
  if (quote.state === 'missing') {
    return (
      <span className="reply-quote missing" aria-label={label}>
        ↩ {who}
        <em>{text}</em>
      </span>
    );
  }
  return (
    <button type="button" className={`reply-quote ${quote.state}`} onClick={() => onOpen(quote.seq)} aria-label={`${label} (go to it)`}>
      ↩ {who}
      {quote.state === 'shown' ? text : <em>{text}</em>}
    </button>
  );
}
