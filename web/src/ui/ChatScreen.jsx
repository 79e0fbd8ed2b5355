import { useState } from 'react';

import { Composer } from './Composer.jsx';
import { ConnectionStatus } from './ConnectionStatus.jsx';
import { MemberList } from './MemberList.jsx';
import { MessageList } from './MessageList.jsx';
import { RoomList } from './RoomList.jsx';
import { ShareBox } from './ShareBox.jsx';

/** The chat: rooms and conversations, the current one's messages and composer, its members. */
export function ChatScreen({ state, dispatch, connection, url, onLeave }) {
  const [showMembers, setShowMembers] = useState(false);
  const view = state.views[state.active];
  const title = view ? (view.kind === 'room' ? `#${view.name}` : `@${view.name}`) : '';

  const openConversation = (name) => {
    dispatch({ type: 'openConversation', name });
    setShowMembers(false);
  };

  return (
    <div className="chat">
      <header className="bar">
        <h1 className="brand">Private Chat</h1>
        <ConnectionStatus status={state.status} retryIn={state.retryIn} />
        <span className="me">
          You are <strong>{state.me}</strong>
        </span>
        <ShareBox />
        <button type="button" className="members-toggle" aria-expanded={showMembers} onClick={() => setShowMembers(!showMembers)}>
          Members
        </button>
        <button type="button" onClick={onLeave}>
          Leave
        </button>
      </header>
      <nav className="rooms" aria-label="Rooms and conversations">
        <RoomList state={state} onSelect={(key) => dispatch({ type: 'activate', key })} />
        <JoinRoom
          onJoin={(room) => {
            dispatch({ type: 'joining', room });
            connection.send({ type: 'join', room });
          }}
        />
      </nav>
      <main className="conversation" aria-label={title}>
        <h2 className="conversation-title">{title}</h2>
        {view && <MessageList view={view} me={state.me} />}
        {view && <Composer key={state.active} view={view} state={state} dispatch={dispatch} connection={connection} onQuit={onLeave} url={url} />}
      </main>
      <aside className={`members ${showMembers ? 'open' : ''}`} aria-label="Members">
        {view?.kind === 'room' && <MemberList members={view.members} me={state.me} onMessage={openConversation} />}
      </aside>
    </div>
  );
}

/** A small form to join a room by name. */
function JoinRoom({ onJoin }) {
  const [room, setRoom] = useState('');
  return (
    <form
      className="join-room"
      onSubmit={(event) => {
        event.preventDefault();
        const name = room.trim().replace(/^#/, '').toLowerCase();
        if (name) onJoin(name);
        setRoom('');
      }}
    >
      <label htmlFor="join-room-name" className="visually-hidden">
        Join a room
      </label>
      <input id="join-room-name" placeholder="Join a room…" value={room} onChange={(e) => setRoom(e.target.value)} />
    </form>
  );
}
