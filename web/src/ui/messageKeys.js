// The keys a focused message answers to (MessageActions.MESSAGE_KEYS): r replies, e or + reacts,
// Enter edits and Delete deletes our own; the arrows move between messages, Escape goes back to the
// composer. Keys pressed in the message's own buttons and fields are theirs.

/** The next or previous focusable message from `element`. */
function neighbour(element, forward) {
  let next = forward ? element.nextElementSibling : element.previousElementSibling;
  while (next && !(next.matches('li.message') && next.tabIndex >= 0)) next = forward ? next.nextElementSibling : next.previousElementSibling;
  return next;
}

/** Handles a keydown on a message `li`; `handlers`: {reply, react, edit, delete}. */
export function messageKeys(event, handlers) {
  if (event.target !== event.currentTarget || event.altKey || event.ctrlKey || event.metaKey) return;
  const run = (action) => {
    event.preventDefault();
    action();
  };
  switch (event.key) {
    case 'r': return run(handlers.reply);
    case 'e': case '+': return run(handlers.react);
    case 'Enter': return run(handlers.edit);
    case 'Delete': case 'Backspace': return run(handlers.delete);
    case 'ArrowUp': case 'ArrowDown': {
      const next = neighbour(event.currentTarget, event.key === 'ArrowDown');
      return next && run(() => next.focus());
    }
    case 'Escape': return run(() => event.currentTarget.closest('.conversation')?.querySelector('.composer textarea')?.focus());
    default: return undefined;
  }
}
