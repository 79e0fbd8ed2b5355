/** Rooms (#) and private conversations (@), with unread counts; the current one is marked. */
export function RoomList({ state, onSelect }) {
  return (
    <ul className="room-list">
      {state.order.map((key) => {
        const view = state.views[key];
        const label = view.kind === 'room' ? `#${view.name}` : `@${view.name}`;
        return (
          <li key={key}>
            <button type="button" aria-current={key === state.active ? 'page' : undefined} onClick={() => onSelect(key)}>
              <span className="room-name">{label}</span>
              {view.unread > 0 && (
                <span className="unread" aria-label={`${view.unread} unread`}>
                  {view.unread}
                </span>
              )}
            </button>
          </li>
        );
      })}
    </ul>
  );
}
