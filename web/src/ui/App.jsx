import { useEffect, useReducer, useRef, useState } from 'react';

import { ReadReporter } from '../conversation/readReporter.js';
import { loadReadVisibility } from '../conversation/readVisibility.js';
import { BoxDirectory } from '../e2e/boxDirectory.js';
import { EncryptionReceiver } from '../e2e/encryptionReceiver.js';
import { KeySharing } from '../e2e/keySharing.js';
import { RoomKeyring } from '../e2e/roomKeyring.js';
import { imageDetails } from '../files/canvasThumbnail.js';
import { FileBodies } from '../files/fileBodies.js';
import { FileUploads } from '../files/fileUploads.js';
import { openBrowserIdentity } from '../identity/browserIdentity.js';
import { Identity } from '../identity/identity.js';
import { MemoryStore } from '../identity/memoryStore.js';
import { MessageVerifier } from '../identity/messageVerifier.js';
import { saveIdentity } from '../identity/savedIdentity.js';
import { ChatConnection } from '../protocol/connection.js';
import { Outbox } from '../protocol/outbox.js';
import { initialState, reduce } from '../store/chatStore.js';
import { ChatScreen } from './ChatScreen.jsx';
import { JoinScreen } from './JoinScreen.jsx';

/**
 * The session's parts, wired: connection → MessageVerifier → EncryptionReceiver → store; the user →
 * Outbox → connection. Files: FileUploads takes the answers to its frames before the rest sees them;
 * FileBodies fetches bodies from the gateway the socket talks to.
 */
function startSession(login, dispatch) {
  const { keyring, identity, pins } = login;
  const deliver = (event) => dispatch({ type: 'event', event });
  const directory = new BoxDirectory();
  let receiver;
  let uploads;
  const verifier = pins && new MessageVerifier({ pins, ownKey: identity?.key, deliver: (event) => receiver.push(event) });
  const connection = new ChatConnection({
    url: login.url,
    name: login.name,
    rooms: login.rooms,
    accessKey: login.accessKey,
    identity,
    onEvent: (event) => uploads.take(event) || (verifier ?? receiver).push(event),
  });
  const outbox = new Outbox({
    connection,
    encryption: { keyring, directory },
    identity,
    onFailed: (frame, reason) => deliver({ type: 'refused', error: { code: 'not_sent', message: reason, id: frame.id } }),
  });
  const bodies = new FileBodies({ url: login.url, accessKey: login.accessKey, keyring });
  uploads = new FileUploads({ connection, outbox, keyring, identity, bodies, dispatch, details: imageDetails });
  const files = { bodies, onExpired: (room, file) => dispatch({ type: 'fileExpired', room, file }) };
  const members = (room) => connection.state.rooms.get(room)?.members ?? [];
  const sharing = identity && new KeySharing({ keyring, directory, identity, outbox, members, limits: () => connection.state.limits });
  receiver = new EncryptionReceiver({ keyring, directory, identity, sharing, deliver, afterJoin: login.afterJoin });
  // Read markers: visible to the room only if the user lets them be (asked each time one goes).
  const reads = new ReadReporter({
    send: (room, seq, visible) => {
      outbox.send({ type: 'read', room, seq, visible });
      dispatch({ type: 'readSent', room, seq });
    },
    visible: loadReadVisibility,
  });
  const unsubscribe = [
    keyring.subscribe((room, encryption) => dispatch({ type: 'encryption', room, encryption })),
    directory.subscribe((people) => dispatch({ type: 'people', people })),
    pins?.subscribe((snapshot) => dispatch({ type: 'pins', pins: snapshot })),
  ];
  connection.start();
  const stop = () => {
    connection.stop();
    uploads.stop();
    receiver.stop();
    reads.stop();
    for (const off of unsubscribe) off?.();
  };
  return { session: { connection, keyring, directory, sharing, receiver, outbox, pins, reads, uploads, files }, stop };
}

/**
 * The join screen until connected; then the chat, until the user leaves or the server refuses.
 * What the connection reports goes through the MessageVerifier (signatures, on the text as sent), then
 * the EncryptionReceiver (room keys, sealed texts), then the store; what the user sends goes through
 * the Outbox. `invite`: what the page's invite link carried (protocol/inviteLink.js).
 */
export function App({ invite: linked = {} }) {
  const [login, setLogin] = useState(undefined);
  const [problem, setProblem] = useState(undefined);
  const [invite, setInvite] = useState(linked);
  const [state, dispatch] = useReducer((state, action) => (action.type === 'reset' ? initialState() : reduce(state, action)), undefined, initialState);
  // Opened once, at once: by the time the user has typed a name, the identity is there.
  const [opening] = useState(openBrowserIdentity);
  const [browser, setBrowser] = useState(undefined);
  const session = useRef(undefined);

  useEffect(() => {
    opening.then(setBrowser);
  }, [opening]);

  useEffect(() => {
    if (!login) return undefined;
    dispatch({ type: 'reset' });
    if (login.identity) dispatch({ type: 'identity', identity: { key: login.identity.key, fingerprint: login.identity.fingerprint } });
    const started = startSession(login, dispatch);
    session.current = started.session;
    return started.stop;
  }, [login]);

  const leave = () => {
    session.current?.connection.stop();
    setLogin(undefined);
  };

  // A passphrase becomes a PBKDF2 key in the keyring here and is not kept; an invite link's room key is
  // kept with the room's keys, once used. A terminal identity replaces this browser's for good (the text
  // itself is not kept either).
  const join = async ({ passphrase, newKey, carriedIdentity, ...details }) => {
    setProblem(undefined);
    let opened = await opening;
    if (carriedIdentity) {
      try {
        if (opened.problem) throw new Error(opened.problem);
        const identity = await Identity.fromCarried(carriedIdentity);
        await saveIdentity(opened.store, identity);
        opened = { ...opened, identity };
        setBrowser(opened);
      } catch (error) {
        setProblem({ code: 'carried_identity', message: error.message });
        return;
      }
    }
    const keyring = opened.roomKeys ?? new RoomKeyring(new MemoryStore());
    const [room] = details.rooms;
    const afterJoin = {};
    if (invite.roomKey && invite.room === room && opened.identity) {
      const key = await keyring.addKey(room, invite.roomKey);
      keyring.setCurrent(room, key.idHex);
      afterJoin[room] = 'invite';
      setInvite({ accessKey: invite.accessKey });
    } else if (passphrase) {
      keyring.usePassphrase(room, passphrase);
    } else if (newKey) {
      afterJoin[room] = 'newKey';
    }
    setLogin({ ...details, keyring, afterJoin, identity: opened.identity, pins: opened.pins, key: Date.now() });
  };

  const refused = state.status === 'failed';
  if (!login || refused) {
    return <JoinScreen error={problem ?? (refused ? state.error : undefined)} browser={browser} invite={invite} onJoin={join} />;
  }
  return <ChatScreen state={state} dispatch={dispatch} session={session.current} accessKey={login.accessKey} onLeave={leave} />;
}
