// Between the MessageVerifier and the store: everything the connection reports, in the order the
// server sent it, with end-to-end encryption applied. Snapshots and presence teach us members' sealing
// keys; shares change room keys (our own at their ack); room messages and dms are opened; a holder's
// leave may start a rotation; after joining from an invite link we share its key with ourselves.
// Events that need none of this pass straight through when nothing waits.

import { InOrder } from '../protocol/inOrder.js';
import { openDirectMessage } from './directOpener.js';
import { recipientOf } from './keyShare.js';
import { openRoomMessage } from './roomOpener.js';
import { RotationSchedule, rotationRank } from './rotation.js';
import { takeShare } from './shareIntake.js';

export class EncryptionReceiver {
  /**
   * `sharing`: a KeySharing (sends keys); `afterJoin`: room → what to do once its history is in
   * (`invite`: share the invite link's key with ourselves; `newKey`: encrypt it with a new key);
   * `timers`: for the rotation's delays in tests.
   */
  constructor({ keyring, directory, identity, sharing, deliver, afterJoin = {}, timers = undefined }) {
    Object.assign(this, { keyring, directory, identity, sharing, deliver });
    this.afterJoin = new Map(Object.entries(afterJoin));
    this.order = new InOrder((error) => console.error('cannot show an event', error));
    // A rotation runs in line with the events, so it sees the keys as they are by then.
    const rotate = (room, without) => this.order.add(() => this.sharing.newKey(room, { without }));
    this.rotation = new RotationSchedule({ rotate, ...(timers ? { timers } : {}) });
  }

  push(event) {
    const step = this.stepFor(event);
    if (!step) this.order.add(() => this.deliver(event));
    else this.order.add(async () => (await step()).forEach((shown) => this.deliver(shown)));
  }

  /** Once `room`'s history is in (we are joining it): `invite` or `newKey`, as for the constructor's `afterJoin`. */
  whenJoined(room, action) {
    this.afterJoin.set(room, action);
  }

  /** The chat ended: no rotation waits any more. */
  stop() {
    this.rotation.stop();
  }

  /** The asynchronous work an event needs, giving the events to show; or undefined. */
  stepFor(event) {
    switch (event.type) {
      case 'welcomed':
        return async () => {
          for (const snapshot of event.welcome.rooms) await this.directory.learnSnapshot(snapshot);
          return [event];
        };
      case 'joined':
        return async () => {
          await this.directory.learnSnapshot(event.snapshot);
          return [event];
        };
      case 'snapshotDone':
        return this.afterJoin.has(event.room) ? () => this.joined(event) : undefined;
      case 'presence':
        return () => this.presence(event);
      case 'share':
        return async () => [{ ...event, effect: await this.takeShare(event.share) }];
      case 'message':
        return async () => [{ ...event, message: await openRoomMessage(event.message, this.keyring) }];
      case 'direct':
        return async () => [{ ...event, direct: await openDirectMessage(event.direct, this) }];
      case 'acknowledged': {
        const share = this.sharing?.takePending(event.ack.id);
        return share && (async () => [event, { type: 'share', share: { ...share, seq: event.ack.seq, time: event.ack.time }, effect: await this.takeShare(share) }]);
      }
      case 'refused':
        this.sharing?.takePending(event.error.id);
        return undefined;
      case 'left':
        this.rotation.cancel(event.room); // we left: whatever rotation waited is the others' business now
        return undefined;
      default:
        return undefined;
    }
  }

  async takeShare(share) {
    const effect = await takeShare(share, { keyring: this.keyring, me: this.identity?.sealer });
    if (effect?.change === 'rotated' || effect?.change === 'first' || effect?.change === 'left-out') this.rotation.cancel(share.room);
    return effect;
  }

  /**
   * A room we joined has its history in. From an invite link: if the link's key is still current, the
   * holders learn we have it. To encrypt it: a new key goes to its members (or, if it has one already,
   * to the current key's holders).
   */
  async joined(event) {
    const action = this.afterJoin.get(event.room);
    this.afterJoin.delete(event.room);
    if (action === 'invite') await this.sharing?.shareWithSelf(event.room);
    if (action === 'newKey') await this.sharing?.newKey(event.room);
    return [event];
  }

  async presence(event) {
    const { presence, members } = event;
    if (presence.event === 'renamed' && presence.from) this.directory.rename(presence.from, presence.name);
    if (presence.event !== 'left' && presence.key) await this.directory.learn(presence.name, presence.key, presence.box);
    // Only a `leave` the member asked for: a dropped connection is not one.
    if (presence.event === 'left' && presence.reason === 'leave') this.holderLeft(presence.room, presence.name, members ?? []);
    return [event];
  }

  /** If the member who left held the current key, the holders still here rotate, in the order of their keys. */
  holderLeft(room, name, members) {
    const current = this.keyring.currentKey(room);
    const leaver = this.directory.get(name);
    if (!current?.random || !leaver || !this.identity || !this.sharing) return;
    const holders = this.keyring.holders(room, current.idHex);
    if (!holders.has(leaver.holder)) return;
    const staying = new Map([[recipientOf(this.identity.keyBytes), this.identity.keyBytes]]);
    for (const member of members) {
      const entry = this.directory.get(member);
      if (entry && entry.holder !== leaver.holder) staying.set(entry.holder, entry.keyBytes);
    }
    const holderKeys = [...staying].filter(([holder]) => holders.has(holder)).map(([, key]) => key);
    this.rotation.holderLeft(room, leaver.holder, rotationRank(this.identity.keyBytes, holderKeys));
  }
}
