// What new messages from others set off (shell/alertPolicy.js): a notification while the page is
// hidden, a tone, and a screen-reader announcement, batched (shell/announcer.js). A click on a
// notification opens its conversation. Returns the announcement to put in the live region.

import { useEffect, useRef, useState } from 'react';

import { alertsFor, notificationOf } from '../shell/alertPolicy.js';
import { playAlertTone, unlockAlertTone } from '../shell/alertTone.js';
import { Announcer } from '../shell/announcer.js';
import { arrivalsSince } from '../shell/arrivals.js';
import { isMutedView } from '../shell/mutedRooms.js';
import { listenForOpenedNotifications, notificationPermission, showNotification } from '../shell/notifier.js';

export function useAlerts({ state, dispatch, muted, settings }) {
  const [announcement, setAnnouncement] = useState('');
  const [announcer] = useState(() => new Announcer({ announce: setAnnouncement }));
  const last = useRef(state.sequence);
  const open = (key) => dispatch({ type: 'activate', key });

  useEffect(() => {
    const unlock = () => unlockAlertTone();
    document.addEventListener('pointerdown', unlock);
    document.addEventListener('keydown', unlock);
    const stopListening = listenForOpenedNotifications(open);
    return () => {
      document.removeEventListener('pointerdown', unlock);
      document.removeEventListener('keydown', unlock);
      stopListening();
      announcer.stop();
    };
  }, [announcer]);

  useEffect(() => {
    if (state.sequence < last.current) last.current = 0; // the store was reset: a new session
    announcer.revise(({ key, item }) => state.views[key]?.items.find((now) => now.key === item.key));
    const { arrivals, last: newest } = arrivalsSince(state, last.current);
    last.current = newest;
    if (arrivals.length === 0) return;
    const permission = notificationPermission();
    let sound = false;
    for (const arrival of arrivals) {
      const alerts = alertsFor(arrival, { state, muted, settings, permission });
      sound ||= alerts.sound;
      if (alerts.notify) showNotification(notificationOf(arrival, { encryption: state.encryption, settings }), open).catch(() => {});
    }
    if (sound) playAlertTone();
    announcer.push(arrivals.filter((arrival) => !isMutedView(arrival.view, muted)));
  }, [state]);

  return announcement;
}
