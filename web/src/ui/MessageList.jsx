import { useLayoutEffect, useRef, useState } from 'react';

import { MessageItem } from './MessageItem.jsx';

const dayOf = (time) => new Date(time).toDateString();
const dayLabel = (time) => {
  const day = dayOf(time);
  if (day === dayOf(Date.now())) return 'Today';
  if (day === dayOf(Date.now() - 86_400_000)) return 'Yesterday';
  return new Date(time).toLocaleDateString(undefined, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' });
};

/**
 * The conversation, with day separators. Sticks to the newest message unless scrolled up; then a pill offers the new ones.
 * `pins` and `onIdentity` are for the messages' signatures (see MessageItem).
 */
export function MessageList({ view, me, pins, onIdentity }) {
  const list = useRef(null);
  const atBottom = useRef(true);
  const [unseen, setUnseen] = useState(0);
  const count = useRef(view.items.length);

  useLayoutEffect(() => {
    const element = list.current;
    const added = view.items.length - count.current;
    count.current = view.items.length;
    if (atBottom.current) {
      element.scrollTop = element.scrollHeight;
    } else if (added > 0) {
      setUnseen((n) => n + added);
    }
  }, [view.items.length]);

  const onScroll = () => {
    const element = list.current;
    atBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < 40;
    if (atBottom.current) setUnseen(0);
  };

  const jump = () => {
    list.current.scrollTop = list.current.scrollHeight;
    atBottom.current = true;
    setUnseen(0);
  };

  let lastDay;
  return (
    <div className="messages-frame">
      <ol className="messages" ref={list} onScroll={onScroll} role="log" aria-live="polite" aria-label={`Messages in ${view.name}`} tabIndex={0}>
        {view.items.map((item) => {
          const day = dayOf(item.time);
          const separator = day !== lastDay;
          lastDay = day;
          return [
            separator && (
              <li key={`day-${item.key}`} className="day" role="separator">
                {dayLabel(item.time)}
              </li>
            ),
            <MessageItem key={item.key} item={item} me={me} pins={pins} onIdentity={onIdentity} />,
          ];
        })}
      </ol>
      {unseen > 0 && (
        <button type="button" className="new-messages" onClick={jump}>
          {unseen} new message{unseen === 1 ? '' : 's'} ↓
        </button>
      )}
    </div>
  );
}
