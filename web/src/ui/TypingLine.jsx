import { useEffect, useState } from 'react';

import { activeTypists, TYPING_TIMEOUT_MS, typingLine } from '../conversation/typists.js';

/** "alice is typing…" under the messages; typists fade out 6 s after their last news, so it looks again each second. */
export function TypingLine({ typists }) {
  const [now, setNow] = useState(Date.now);
  const names = activeTypists(typists, now);
  const anyone = Object.keys(typists ?? {}).length > 0;
  useEffect(() => {
    setNow(Date.now());
    if (!anyone) return undefined;
    const timer = setInterval(() => setNow(Date.now()), Math.min(1000, TYPING_TIMEOUT_MS));
    return () => clearInterval(timer);
  }, [typists, anyone]);
  return (
    <p className="typing-line" aria-live="polite">
      {typingLine(names)}
    </p>
  );
}
