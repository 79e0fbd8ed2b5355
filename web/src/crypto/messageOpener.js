// Between the connection and the store: opens the text of each room message before it is shown, in
// the order the server sent everything. Opening is asynchronous (WebCrypto), so events that arrive
// meanwhile wait their turn; when nothing waits, events pass straight through.

import { InOrder } from '../protocol/inOrder.js';
import { isSealed, open } from './sealedText.js';

// Control characters other than tab and line breaks are refused by the server in plain text; a sealed
// text hides them from it, so the reader's side replaces them.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/**
 * What a reader is shown of a room message: `e2e` says how to show it. `ok`: opened; `failed`: sealed
 * but it does not open with our key; `locked`: sealed and we have no key; `plain`: not sealed although
 * the room is encrypted. A text that is not shown is emptied: the sealed bytes never reach the screen.
 */
export async function openMessage(message, keyring) {
  const sealed = isSealed(message.text);
  if (!keyring.has(message.room)) return sealed ? { ...message, text: '', e2e: 'locked' } : message;
  if (!sealed) return { ...message, e2e: 'plain' };
  let opened = { ok: false };
  try {
    opened = await open(await keyring.key(message.room), message.text, message.from);
  } catch {
    // The key could not be derived: the message cannot be opened.
  }
  return opened.ok ? { ...message, text: opened.text.replace(CONTROL, '\ufffd'), e2e: 'ok' } : { ...message, text: '', e2e: 'failed' };
}

/** Passes the connection's events on to `deliver`, each room message opened, in their order. */
export class MessageOpener {
  constructor({ keyring, deliver }) {
    this.keyring = keyring;
    this.deliver = deliver;
    this.order = new InOrder((error) => console.error('cannot show an event', error));
  }

  push(event) {
    const opens = event.type === 'message' && (this.keyring.has(event.message.room) || isSealed(event.message.text));
    if (!opens) this.order.add(() => this.deliver(event));
    else this.order.add(async () => this.deliver({ ...event, message: await openMessage(event.message, this.keyring) }));
  }
}
