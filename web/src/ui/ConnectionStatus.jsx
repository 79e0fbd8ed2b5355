import { useEffect, useState } from 'react';

/** Online, connecting, or offline with a countdown to the next attempt: announced to screen readers. */
export function ConnectionStatus({ status, retryIn }) {
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    if (status !== 'offline') return undefined;
    const until = Date.now() + retryIn;
    const tick = () => setSeconds(Math.max(0, Math.ceil((until - Date.now()) / 1000)));
    tick();
    const timer = setInterval(tick, 500);
    return () => clearInterval(timer);
  }, [status, retryIn]);

  const text = status === 'online' ? 'Online' : status === 'offline' ? `Offline — reconnecting${seconds ? ` in ${seconds} s` : '…'}` : 'Connecting…';
  return (
    <span className={`status status-${status}`} role="status" data-status={status}>
      {text}
    </span>
  );
}
