import { useEffect, useReducer, useRef, useState } from 'react';

import { ChatConnection } from '../protocol/connection.js';
import { initialState, reduce } from '../store/chatStore.js';
import { ChatScreen } from './ChatScreen.jsx';
import { JoinScreen } from './JoinScreen.jsx';

/** The join screen until connected; then the chat, until the user leaves or the server refuses. */
export function App() {
  const [login, setLogin] = useState(undefined);
  const [state, dispatch] = useReducer((state, action) => (action.type === 'reset' ? initialState() : reduce(state, action)), undefined, initialState);
  const connection = useRef(undefined);

  useEffect(() => {
    if (!login) return undefined;
    dispatch({ type: 'reset' });
    const chat = new ChatConnection({ ...login, onEvent: (event) => dispatch({ type: 'event', event }) });
    connection.current = chat;
    chat.start();
    return () => chat.stop();
  }, [login]);

  const leave = () => {
    connection.current?.stop();
    setLogin(undefined);
  };

  const refused = state.status === 'failed';
  if (!login || refused) {
    return <JoinScreen error={refused ? state.error : undefined} onJoin={(details) => setLogin({ ...details, key: Date.now() })} />;
  }
  return <ChatScreen state={state} dispatch={dispatch} connection={connection.current} url={login.url} onLeave={leave} />;
}
