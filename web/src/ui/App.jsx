import { useEffect, useReducer, useRef, useState } from 'react';

import { Keyring } from '../crypto/keyring.js';
import { MessageOpener } from '../crypto/messageOpener.js';
import { openBrowserIdentity } from '../identity/browserIdentity.js';
import { Identity } from '../identity/identity.js';
import { MessageVerifier } from '../identity/messageVerifier.js';
import { saveIdentity } from '../identity/savedIdentity.js';
import { ChatConnection } from '../protocol/connection.js';
import { Outbox } from '../protocol/outbox.js';
import { initialState, reduce } from '../store/chatStore.js';
import { ChatScreen } from './ChatScreen.jsx';
import { JoinScreen } from './JoinScreen.jsx';

/**
 * The join screen until connected; then the chat, until the user leaves or the server refuses.
 * What the connection reports goes through the MessageVerifier (signatures, on the text as sent), then
 * the MessageOpener (sealed texts), then the store; what the user sends goes through the Outbox.
 */
export function App() {
  const [login, setLogin] = useState(undefined);
  const [problem, setProblem] = useState(undefined);
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
    const { keyring, identity, pins } = login;
    if (identity) dispatch({ type: 'identity', identity: { key: identity.key, fingerprint: identity.fingerprint } });
    const unsubscribe = keyring.subscribe((room, encryption) => dispatch({ type: 'encryption', room, encryption }));
    const unsubscribePins = pins?.subscribe((snapshot) => dispatch({ type: 'pins', pins: snapshot }));
    const deliver = (event) => dispatch({ type: 'event', event });
    const opener = new MessageOpener({ keyring, deliver });
    const verifier = pins && new MessageVerifier({ pins, ownKey: identity?.key, deliver: (event) => opener.push(event) });
    const receiver = verifier ?? opener;
    const connection = new ChatConnection({ url: login.url, name: login.name, rooms: login.rooms, accessKey: login.accessKey, identity, onEvent: (event) => receiver.push(event) });
    const outbox = new Outbox({
      connection,
      keyring,
      identity,
      onFailed: (frame, reason) => deliver({ type: 'refused', error: { code: 'not_sent', message: reason, id: frame.id } }),
    });
    session.current = { connection, keyring, outbox, pins };
    connection.start();
    return () => {
      connection.stop();
      unsubscribe();
      unsubscribePins?.();
      keyring.clear(); // keys live no longer than the chat they were typed for
    };
  }, [login]);

  const leave = () => {
    session.current?.connection.stop();
    setLogin(undefined);
  };

  // The passphrase goes into the keyring here and is not kept: only the derived key stays, in memory.
  // A terminal identity replaces this browser's for good (the text itself is not kept either).
  const join = async ({ passphrase, carriedIdentity, ...details }) => {
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
    const keyring = new Keyring();
    if (passphrase) keyring.use(details.rooms[0], passphrase);
    setLogin({ ...details, keyring, identity: opened.identity, pins: opened.pins, key: Date.now() });
  };

  const refused = state.status === 'failed';
  if (!login || refused) {
    return <JoinScreen error={problem ?? (refused ? state.error : undefined)} browser={browser} onJoin={join} />;
  }
  return <ChatScreen state={state} dispatch={dispatch} session={session.current} accessKey={login.accessKey} onLeave={leave} />;
}
