// Tells the ReadReporter how far the user read the open room: when the page is visible and the newest
// events are on screen (the list is scrolled to its end), after each change and when the page comes back.

import { useEffect } from 'react';

/** `onRead(seq)` is called with the view's latest seq whenever it may have been read; `atBottom` is a ref. */
export function useReadReporting(view, atBottom, onRead) {
  useEffect(() => {
    if (!onRead || view.kind !== 'room') return undefined;
    const report = () => {
      if (document.visibilityState === 'visible' && atBottom.current && view.latestSeq > (view.read ?? 0)) onRead(view.latestSeq);
    };
    report();
    document.addEventListener('visibilitychange', report);
    return () => document.removeEventListener('visibilitychange', report);
  }, [view, atBottom, onRead]);
}
