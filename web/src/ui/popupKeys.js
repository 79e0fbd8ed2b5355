// The keys of a small popup inside a message (the emoji picker, the delete confirmation): its keys are
// its own, not the message's (r, e, Delete…), and Escape closes it.

/** An onKeyDown for a popup that `close()`s on Escape. */
export function popupKeys(close) {
  return (event) => {
    event.stopPropagation();
    if (event.key === 'Escape') close();
  };
}
