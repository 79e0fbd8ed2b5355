import { useId, useState } from 'react';

import { COMMON_EMOJI, emojiName, searchEmoji } from '../conversation/emoji.js';
import { popupKeys } from './popupKeys.js';

const MAXIMUM_RESULTS = 48;

/** The reaction picker: the common few, and a search over the named table (emoji.js). Escape closes it. */
export function EmojiPicker({ onPick, onClose }) {
  const id = useId();
  const [query, setQuery] = useState('');
  const found = query.trim() ? searchEmoji(query).slice(0, MAXIMUM_RESULTS) : [];
  const pick = (emoji) => {
    onPick(emoji);
    onClose();
  };
  const button = (emoji, name) => (
    <button key={emoji} type="button" className="emoji" title={name} aria-label={name ?? emoji} onClick={() => pick(emoji)}>
      {emoji}
    </button>
  );
  return (
    <div className="emoji-picker" role="dialog" aria-label="Add a reaction" onKeyDown={popupKeys(onClose)}>
      <div className="emoji-row common">{COMMON_EMOJI.map((emoji) => button(emoji, emojiName(emoji)))}</div>
      <label htmlFor={`${id}-search`} className="visually-hidden">
        Search emoji
      </label>
      <input
        id={`${id}-search`}
        className="emoji-search"
        type="search"
        placeholder="Search emoji"
        value={query}
        autoFocus
        onChange={(event) => setQuery(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && found.length) {
            event.preventDefault();
            pick(found[0].emoji);
          }
        }}
      />
      {found.length > 0 && <div className="emoji-row results">{found.map(({ emoji, name }) => button(emoji, name))}</div>}
      {query.trim() && found.length === 0 && <p className="hint">No emoji named so</p>}
    </div>
  );
}
