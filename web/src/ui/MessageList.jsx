import { useLayoutEffect, useMemo, useRef, useState } from 'react';

import { firstNewItemKey, seenBy } from '../conversation/readMarkers.js';
import { itemsBySeq, quoteOf } from '../conversation/replyQuote.js';
import { MessageItem } from './MessageItem.jsx';
import { TypingLine } from './TypingLine.jsx';
import { useReadReporting } from './useReadReporting.js';

const HIGHLIGHT_MS = 2000;
const dayOf = (time) => new Date(time).toDateString();
const dayLabel = (time) => {
  const day = dayOf(time);
  if (day === dayOf(Date.now())) return 'Today';
  if (day === dayOf(Date.now() - 86_400_000)) return 'Yesterday';
  return new Date(time).toLocaleDateString(undefined, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' });
};

/**
 * The conversation, with day separators. Sticks to the newest message unless scrolled up; then a pill offers the new ones.
 * `pins` and `onIdentity` are for the messages' signatures (see MessageItem). In a room, `conversation`
 * ({ownAuthor, readVisible, onReply, onEdit, onDelete, onReact, onRead}) adds replies' quotes (a click
 * goes to the original and lights it up), reactions, the message actions, the "new messages" line after
 * our read marker, others' visible markers when we show ours, who is typing, and reports what was read.
 * The list is not a live region: a busy room would flood a screen reader (LiveAnnouncement batches instead).
 */
export function MessageList({ view, me, pins, onIdentity, conversation }) {
  const list = useRef(null);
  const atBottom = useRef(true);
  const [unseen, setUnseen] = useState(0);
  const [highlighted, setHighlighted] = useState(undefined);
  const count = useRef(view.items.length);
  const inRoom = view.kind === 'room' && conversation;
  const bySeq = useMemo(() => itemsBySeq(view.items), [view.items]);
  const seen = useMemo(() => (inRoom && conversation.readVisible ? seenBy(view.items, view.reads, me) : new Map()), [inRoom, conversation?.readVisible, view.items, view.reads, me]);
  const newLine = inRoom ? firstNewItemKey(view.items, view.newSince) : undefined;
  useReadReporting(view, atBottom, inRoom ? conversation.onRead : undefined);

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
    if (!atBottom.current) return;
    setUnseen(0);
    if (inRoom && document.visibilityState === 'visible' && view.latestSeq > (view.read ?? 0)) conversation.onRead(view.latestSeq);
  };

  const jump = () => {
    list.current.scrollTop = list.current.scrollHeight;
    atBottom.current = true;
    setUnseen(0);
  };

  /** A reply's quote was clicked: the original comes into view, lit up for a moment. */
  const openOriginal = (seq) => {
    const original = list.current.querySelector(`li.message[data-seq="${seq}"]`);
    if (!original) return;
    original.scrollIntoView({ block: 'center' });
    original.focus({ preventScroll: true });
    setHighlighted(seq);
    setTimeout(() => setHighlighted((current) => (current === seq ? undefined : current)), HIGHLIGHT_MS);
  };

  const actionsOf = (item) =>
    inRoom && {
      ...conversation,
      quote: item.reply && !item.deleted ? quoteOf(item.reply, bySeq) : undefined,
      seenBy: seen.get(item.key),
      highlighted: item.seq !== undefined && item.seq === highlighted,
      onQuote: openOriginal,
    };

  let lastDay;
  return (
    <div className="messages-frame">
      <ol className="messages" ref={list} onScroll={onScroll} aria-label={`Messages in ${view.name}`} tabIndex={0}>
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
            item.key === newLine && (
              <li key={`new-${item.key}`} className="unread-line" role="separator" aria-label="New messages">
                <span>new messages</span>
              </li>
            ),
            <MessageItem key={item.key} item={item} me={me} pins={pins} onIdentity={onIdentity} actions={actionsOf(item)} />,
          ];
        })}
      </ol>
      {inRoom && <TypingLine typists={view.typists} />}
      {unseen > 0 && (
        <button type="button" className="new-messages" onClick={jump}>
          {unseen} new message{unseen === 1 ? '' : 's'} ↓
        </button>
      )}
    </div>
  );
}
