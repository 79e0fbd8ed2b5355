import { useEffect } from 'react';

const SHOWN_MS = 6000;

/** A refusal shown for a moment (one of our edits, deletes or reactions the server would not take). */
export function Toast({ toast, dispatch }) {
  useEffect(() => {
    if (!toast) return undefined;
    const timer = setTimeout(() => dispatch({ type: 'toastDone', key: toast.key }), SHOWN_MS);
    return () => clearTimeout(timer);
  }, [toast, dispatch]);
  if (!toast) return null;
  return (
    <div className="toast" role="alert">
      {toast.text}{' '}
      <button type="button" className="link" onClick={() => dispatch({ type: 'toastDone', key: toast.key })} aria-label="Dismiss">
        ✕
      </button>
    </div>
  );
}
