// Browser notifications: the permission (asked for only from a user's click), and showing one. Through
// the service worker when there is one (`registration.showNotification`: it works on Android, where
// `new Notification` does not, and its notificationclick opens the conversation, sw.js); else with
// `new Notification`, whose click does the same here.

const ICON = '/icons/icon-192.png';

/** 'granted', 'denied', 'default', or 'unsupported'. */
export function notificationPermission() {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

/** Asks the browser; call only from a click (browsers ignore or penalise a request made on load). */
export async function requestNotificationPermission() {
  if (typeof Notification === 'undefined') return 'unsupported';
  return Notification.requestPermission();
}

/** Shows `notification` ({title, body, tag, view}); `onOpen(view)` runs when a fallback notification is clicked. */
export async function showNotification({ title, body, tag, view }, onOpen) {
  const options = { body, tag, renotify: true, icon: ICON, badge: ICON, data: { view } };
  const registration = await readyRegistration();
  if (registration) return registration.showNotification(title, options);
  const shown = new Notification(title, options);
  shown.onclick = () => {
    globalThis.focus();
    onOpen(view);
    shown.close();
  };
  return undefined;
}

/** The active service worker registration, or undefined when the page has none (yet). */
async function readyRegistration() {
  if (!('serviceWorker' in navigator) || !navigator.serviceWorker.controller) return undefined;
  return navigator.serviceWorker.ready;
}

/** Runs `onOpen(view)` when the service worker says a notification was clicked; returns how to stop listening. */
export function listenForOpenedNotifications(onOpen) {
  if (!('serviceWorker' in navigator)) return () => {};
  const listen = (event) => {
    if (event.data?.type === 'open-view' && typeof event.data.view === 'string') onOpen(event.data.view);
  };
  navigator.serviceWorker.addEventListener('message', listen);
  return () => navigator.serviceWorker.removeEventListener('message', listen);
}
