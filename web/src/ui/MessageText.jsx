import { mentionPieces } from '../protocol/mentions.js';

/** A message's text, always as text, with its mentions highlighted (`@:bob smith:` shown as @bob smith); ours stronger. */
export function MessageText({ text, me }) {
  const mine = me.toLowerCase();
  return mentionPieces(text).map((piece, index) =>
    piece.mention ? (
      <span key={index} className={`mention ${piece.mention.toLowerCase() === mine ? 'mention-me' : ''}`}>
        {piece.text}
      </span>
    ) : (
      piece.text
    ),
  );
}
