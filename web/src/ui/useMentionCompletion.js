// The composer's mention completion: while an `@name` is being typed before the caret, the room's
// members whose names start so are offered; ↑/↓ choose, Tab or Enter puts in the mention's token
// (mentionCompletion.js), Escape closes the list.

import { useState } from 'react';

import { completeMention, mentionCandidates, typedMention } from '../conversation/mentionCompletion.js';

/** {suggestions, selected, update(textarea), keyDown(event, setText) → handled} for a room's `members`. */
export function useMentionCompletion(members, me) {
  const [offer, setOffer] = useState(undefined); // {typed, caret, names, selected}

  const update = (textarea) => {
    const caret = textarea.selectionStart;
    const typed = textarea.selectionEnd === caret ? typedMention(textarea.value, caret) : undefined;
    const names = typed ? mentionCandidates(members ?? [], typed.prefix, me) : [];
    setOffer(names.length ? { typed, caret, names, selected: 0 } : undefined);
  };

  const choose = (name, text, setText, textarea) => {
    const done = completeMention(text, offer.caret, offer.typed, name);
    setText(done.text);
    setOffer(undefined);
    // The caret goes after the token once React has put the new text in.
    requestAnimationFrame(() => textarea?.setSelectionRange(done.caret, done.caret));
  };

  /** Handles the list's keys; true if the key was the list's. */
  const keyDown = (event, setText) => {
    if (!offer) return false;
    const step = { ArrowDown: 1, ArrowUp: -1 }[event.key];
    if (step) {
      setOffer({ ...offer, selected: (offer.selected + step + offer.names.length) % offer.names.length });
    } else if (event.key === 'Tab' || event.key === 'Enter') {
      choose(offer.names[offer.selected], event.currentTarget.value, setText, event.currentTarget);
    } else if (event.key === 'Escape') {
      setOffer(undefined);
    } else {
      return false;
    }
    event.preventDefault();
    return true;
  };

  return { offer, update, keyDown, choose, close: () => setOffer(undefined) };
}
