// Tells the store whether the page is shown (document.visibilityState): what arrives in the open view
// while the tab is in the background counts as unread, and showing the page again counts as viewing it.

import { useEffect } from 'react';

const isShown = () => document.visibilityState === 'visible';

export function usePageVisibility(visible, dispatch) {
  useEffect(() => {
    const report = () => dispatch({ type: 'visibility', visible: isShown() });
    document.addEventListener('visibilitychange', report);
    return () => document.removeEventListener('visibilitychange', report);
  }, [dispatch]);
  // A store reset (a new session) starts as visible: correct it if the page is not.
  useEffect(() => {
    if (visible !== isShown()) dispatch({ type: 'visibility', visible: isShown() });
  }, [visible, dispatch]);
}
