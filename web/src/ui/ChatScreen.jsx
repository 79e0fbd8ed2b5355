import { useState } from 'react';

import { loadReadVisibility, saveReadVisibility } from '../conversation/readVisibility.js';
import { pinName } from '../identity/pinBook.js';
import { loadAlertSettings, saveAlertSettings } from '../shell/alertSettings.js';
import { loadMutedRooms, setRoomMuted } from '../shell/mutedRooms.js';
import { ownAuthor } from '../store/conversation.js';

import { Composer } from './Composer.jsx';
import { ConnectionStatus } from './ConnectionStatus.jsx';
import { sendDelete, toggleReaction } from './conversationCommands.js';
import { sendFiles } from './fileCommands.js';
import { DirectBadge } from './DirectBadge.jsx';
import { EncryptionBadge } from './EncryptionBadge.jsx';
import { addToEncryption, removeFromEncryption } from './encryptionCommands.js';
import { joinRoom } from './joining.js';
import { JoinRoom } from './JoinRoom.jsx';
import { LiveAnnouncement } from './LiveAnnouncement.jsx';
import { MemberList } from './MemberList.jsx';
import { personOf } from './MemberEncryption.jsx';
import { MessageList } from './MessageList.jsx';
import { MuteButton } from './MuteButton.jsx';
import { RoomEncryptionActions } from './RoomEncryptionActions.jsx';
import { RoomList } from './RoomList.jsx';
import { SafetyDialog } from './SafetyDialog.jsx';
import { SettingsPanel } from './SettingsPanel.jsx';
import { ShareBox } from './ShareBox.jsx';
import { Toast } from './Toast.jsx';
import { useAlerts } from './useAlerts.js';
import { useFileDrop } from './useFileDrop.js';
import { usePageVisibility } from './usePageVisibility.js';
import { useTabAttention } from './useTabAttention.js';

/** What the Invite box adds for a room encrypted with a random key we hold: the room and its current key. */
function roomInviteOf(view, encryption, session) {
  if (view?.kind !== 'room' || encryption?.kind !== 'random' || encryption.status !== 'ready') return undefined;
  const key = session?.keyring.currentKey(view.name);
  return key && { room: view.name, roomKey: key.bytes };
}

/**
 * What a room's messages can do (MessageList's `conversation`): reply and edit through the composer,
 * delete, react, report what was read; show shared files (`files`: the session's {bodies, onExpired})
 * and stop our uploads.
 */
function conversationOf({ view, state, session, dispatch, readVisible, compose }) {
  if (view?.kind !== 'room') return undefined;
  const context = { session, dispatch };
  return {
    ownAuthor: ownAuthor(state),
    readVisible,
    onReply: (item) => compose({ mode: 'reply', item }),
    onEdit: (item) => compose({ mode: 'edit', item }),
    onDelete: (item) => sendDelete(context, view.name, item),
    onReact: (item, emoji, mine) => toggleReaction(context, view.name, item, emoji, mine),
    files: session.files,
    onCancelUpload: (item) => session.uploads.cancel(item.id),
    onRead: (seq) => {
      session.reads.learned(view.name, view.read ?? 0);
      session.reads.seen(view.name, seq);
    },
  };
}

/** The chat: rooms and conversations, the current one's messages and composer, its members; someone's safety number on demand. */
export function ChatScreen({ state, dispatch, session, accessKey, onLeave }) {
  const [showMembers, setShowMembers] = useState(false);
  const [person, setPerson] = useState(undefined); // whose safety number is shown
  const [composed, setComposed] = useState(undefined); // {key (the view's), mode, item}: the composer replies or edits
  const [readVisible, setReadVisible] = useState(loadReadVisibility);
  const [muted, setMuted] = useState(loadMutedRooms);
  const [alerts, setAlerts] = useState(loadAlertSettings);
  usePageVisibility(state.visible, dispatch);
  useTabAttention(state, muted);
  const announcement = useAlerts({ state, dispatch, muted, settings: alerts });
  const view = state.views[state.active];
  const title = view ? (view.kind === 'room' ? `#${view.name}` : `@${view.name}`) : '';
  const encryption = view?.kind === 'room' ? state.encryption[view.name] : undefined;
  const context = { session, dispatch };
  const composing = composed?.key === state.active ? composed : undefined;
  const compose = (next) => setComposed(next && { ...next, key: state.active });
  const conversation = conversationOf({ view, state, session, dispatch, readVisible, compose });
  const drop = useFileDrop((files) => view && sendFiles(context, view, files));

  const chooseReadVisibility = (visible) => {
    saveReadVisibility(visible);
    setReadVisible(visible);
  };

  const changeAlerts = (next) => {
    saveAlertSettings(next);
    setAlerts(next);
  };

  const openConversation = (name) => {
    dispatch({ type: 'openConversation', name });
    setShowMembers(false);
  };

  const showIdentity = (name) => {
    setPerson(name);
    setShowMembers(false);
  };

  return (
    <div className="chat">
      <header className="bar">
        <h1 className="brand">Private Chat</h1>
        <ConnectionStatus status={state.status} retryIn={state.retryIn} />
        <span className="me">
          You are <strong>{state.me}</strong>
          {state.identity && (
            <>
              {' '}
              · key{' '}
              <span className="fingerprint own-fingerprint" title="Your identity key: people who compare safety numbers with you see this fingerprint as yours">
                {state.identity.fingerprint}
              </span>
            </>
          )}
        </span>
        <ShareBox accessKey={accessKey} roomInvite={roomInviteOf(view, encryption, session)} />
        <SettingsPanel alerts={alerts} onAlertsChange={changeAlerts} readVisible={readVisible} onReadVisibleChange={chooseReadVisibility} />
        <button type="button" className="members-toggle" aria-expanded={showMembers} onClick={() => setShowMembers(!showMembers)}>
          Members
        </button>
        <button type="button" onClick={onLeave}>
          Leave
        </button>
      </header>
      <nav className="rooms" aria-label="Rooms and conversations">
        <RoomList state={state} muted={muted} onSelect={(key) => dispatch({ type: 'activate', key })} />
        <JoinRoom onJoin={(room, choice) => joinRoom({ state, dispatch, session, room, ...choice })} />
      </nav>
      <main className={`conversation${drop.dropping ? ' dropping' : ''}`} aria-label={title} {...drop.handlers}>
        <div className="conversation-header">
          <h2 className="conversation-title">{title}</h2>
          {view?.kind === 'room' && (
            <>
              <MuteButton room={view.name} muted={muted.has(view.name)} onChange={(room, mute) => setMuted(setRoomMuted(muted, room, mute))} />
              <EncryptionBadge encryption={encryption} />
              <RoomEncryptionActions room={view.name} encryption={encryption} session={session} dispatch={dispatch} />
            </>
          )}
          {view?.kind === 'dm' && <DirectBadge name={view.name} person={personOf(state.people, view.name)} />}
          {view?.kind === 'dm' && (
            <button type="button" className="link safety-button" onClick={() => showIdentity(view.name)}>
              Safety number
            </button>
          )}
        </div>
        {view && <MessageList view={view} me={state.me} pins={state.pins} onIdentity={showIdentity} conversation={conversation} />}
        {drop.dropping && (
          <div className="drop-hint" aria-hidden="true">
            {view?.kind === 'room' ? `Drop to share in ${title}` : 'Files can be shared in rooms only'}
          </div>
        )}
        <Toast toast={state.toast} dispatch={dispatch} />
        {view && (
          <Composer
            key={state.active}
            view={view}
            state={state}
            dispatch={dispatch}
            session={session}
            composing={composing}
            onCompose={compose}
            ownAuthor={conversation?.ownAuthor}
            onQuit={onLeave}
          />
        )}
      </main>
      <aside className={`members ${showMembers ? 'open' : ''}`} aria-label="Members">
        {view?.kind === 'room' && (
          <MemberList
            members={view.members}
            me={state.me}
            pins={state.pins}
            onSelect={showIdentity}
            encryption={encryption}
            people={state.people}
            onAdd={(name) => addToEncryption(context, view.name, name)}
            onRemove={(name) => removeFromEncryption(context, view.name, name)}
          />
        )}
      </aside>
      <LiveAnnouncement text={announcement} />
      {person && (
        <SafetyDialog
          name={person}
          me={state.me}
          identity={state.identity}
          pin={state.pins[pinName(person)]}
          pins={session.pins}
          onMessage={(name) => {
            setPerson(undefined);
            openConversation(name);
          }}
          onClose={() => setPerson(undefined)}
        />
      )}
    </div>
  );
}
