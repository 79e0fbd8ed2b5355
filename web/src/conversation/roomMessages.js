// Which items are room messages, the things replies, edits, deletes, reactions and read markers refer
// to (conv1): messages, actions and shared files (file1, whose text is their metadata). And what each
// says in words, for a quote, an announcement or a notification.

import { readMetadata } from '../files/fileMetadata.js';

const ROOM_MESSAGE_TYPES = new Set(['message', 'action', 'file']);

/** Whether `item` is a room message (a message, an action, a shared file). */
export const isRoomMessage = (item) => ROOM_MESSAGE_TYPES.has(item.type);

/** A message's text as it reads: a shared file's is its name, after a paperclip. */
export const textOf = (item) => (item.type === 'file' ? `📎 ${readMetadata(item.text).name}` : item.text);

/** What a message says, its author included when it is an action (`* alice waves`). */
export const saidOf = (item) => (item.type === 'action' ? `* ${item.from} ${item.text}` : textOf(item));
