// The tab's title and icon say what is waiting (shell/attention.js): "(@1 · 3) Private Chat" and a
// badge, back to plain when everything was seen or the chat closes.

import { useEffect, useMemo } from 'react';

import { APP_TITLE, attentionCounts, badgeOf, titleOf } from '../shell/attention.js';
import { drawFavicon, showFavicon } from '../shell/favicon.js';

export function useTabAttention(state, muted) {
  const { unread, calls } = attentionCounts(state, muted);
  const badge = badgeOf({ unread });
  const icon = useMemo(() => drawFavicon(badge, calls > 0), [badge, calls > 0]);
  useEffect(() => {
    document.title = titleOf({ unread, calls });
  }, [unread, calls]);
  useEffect(() => showFavicon(icon), [icon]);
  useEffect(
    () => () => {
      document.title = APP_TITLE;
      showFavicon(drawFavicon('', false));
    },
    [],
  );
}
