import { pinName } from '../identity/pinBook.js';

/**
 * Rooms (#) and private conversations (@), with unread counts (and apart, the messages that mention us),
 * a lock on encrypted ones and a bell struck through on muted ones (`muted`: their names); the current one is marked.
 */
export function RoomList({ state, muted = new Set(), onSelect }) {
  return (
    <ul className="room-list">
      {state.order.map((key) => {
        const view = state.views[key];
        const label = view.kind === 'room' ? `#${view.name}` : `@${view.name}`;
        const silenced = view.kind === 'room' && muted.has(view.name);
        const encryption = view.kind === 'room' ? state.encryption[view.name] : state.people[pinName(view.name)]?.sealable && { fingerprint: undefined };
        return (
          <li key={key}>
            <button type="button" aria-current={key === state.active ? 'page' : undefined} onClick={() => onSelect(key)}>
              <span className="room-name">
                {label}
                {encryption && (
                  <span className="lock" title={encryption.fingerprint ? `End-to-end encrypted, key ${encryption.fingerprint}` : 'End-to-end encrypted'} aria-label="encrypted">
                    {' '}
                    🔒
                  </span>
                )}
                {silenced && (
                  <span className="muted-mark" title="Muted" aria-label="muted">
                    {' '}
                    🔕
                  </span>
                )}
              </span>
              <span className={`badges ${silenced ? 'silenced' : ''}`}>
                {view.mentions > 0 && (
                  <span className="unread mentions" aria-label={`${view.mentions} mentioning you`} title="Messages that mention you">
                    @{view.mentions}
                  </span>
                )}
                {view.unread > 0 && (
                  <span className="unread" aria-label={`${view.unread} unread`}>
                    {view.unread}
                  </span>
                )}
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
