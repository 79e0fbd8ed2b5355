import { useEffect, useReducer, useRef, useState } from 'react';

import { Keyring } from '../crypto/keyring.js';
import { MessageOpener } from '../crypto/messageOpener.js';
import { SealingQueue } from '../crypto/sealingQueue.js';
import { ChatConnection } from '../protocol/connection.js';
import { initialState, reduce } from '../store/chatStore.js';
import { ChatScreen } from './ChatScreen.jsx';
import { JoinScreen } from './JoinScreen.jsx';

/** The join screen until connected; then the chat, until the user leaves or the server refuses. */
export function App() {
  const [login, setLogin] = useState(undefined);
  const [state, dispatch] = useReducer((state, action) => (action.type === 'reset' ? initialState() : reduce(state, action)), undefined, initialState);
  const session = useRef(undefined);

  useEffect(() => {
    if (!login) return undefined;
    dispatch({ type: 'reset' });
    const { keyring } = login;
    const unsubscribe = keyring.subscribe((room, encryption) => dispatch({ type: 'encryption', room, encryption }));
    const deliver = (event) => dispatch({ type: 'event', event });
    const opener = new MessageOpener({ keyring, deliver });
    const connection = new ChatConnection({ url: login.url, name: login.name, rooms: login.rooms, accessKey: login.accessKey, onEvent: (event) => opener.push(event) });
    const sealing = new SealingQueue({
      connection,
      keyring,
      onFailed: (frame, error) => deliver({ type: 'refused', error: { code: 'not_sealed', message: `cannot encrypt it (${error.message})`, id: frame.id } }),
    });
    session.current = { connection, keyring, sealing };
    connection.start();
    return () => {
      connection.stop();
      unsubscribe();
      keyring.clear(); // keys live no longer than the chat they were typed for
    };
  }, [login]);

  const leave = () => {
    session.current?.connection.stop();
    setLogin(undefined);
  };

  // The passphrase goes into the keyring here and is not kept: only the derived key stays, in memory.
  const join = ({ passphrase, ...details }) => {
    const keyring = new Keyring();
    if (passphrase) keyring.use(details.rooms[0], passphrase);
    setLogin({ ...details, keyring, key: Date.now() });
  };

  const refused = state.status === 'failed';
  if (!login || refused) {
    return <JoinScreen error={refused ? state.error : undefined} onJoin={join} />;
  }
  return <ChatScreen state={state} dispatch={dispatch} session={session.current} accessKey={login.accessKey} onLeave={leave} />;
}
