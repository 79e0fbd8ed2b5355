import { useEffect, useState } from 'react';

import { inviteLink } from '../protocol/inviteLink.js';
import { fetchShareInfo } from '../protocol/shareInfo.js';

/**
 * "Invite": the address to give people (the tunnel's public URL once there is one), with copy buttons.
 * When this tab has an access key, or the gateway generated one for its tunnel (`invite`, given only to
 * a request that presents that key), the link carries it after `#` and the terminal command gets `--key`.
 * In a room encrypted with a random key (`roomInvite`: {room, roomKey}), the link also carries the room
 * and its current key, so one click brings a newcomer into the room, able to read it.
 */
export function ShareBox({ accessKey = '', roomInvite = undefined }) {
  const [share, setShare] = useState(undefined);
  const [open, setOpen] = useState(false);
  const [copied, setCopied] = useState('');

  useEffect(() => {
    if (!open) return undefined;
    let cancelled = false;
    fetchShareInfo(accessKey)
      .then((value) => !cancelled && setShare(value))
      .catch(() => !cancelled && setShare(undefined));
    return () => {
      cancelled = true;
    };
  }, [open, accessKey]);

  const key = accessKey || keyOf(share?.invite);
  const page = inviteLink(share?.page ?? globalThis.location.origin + '/', key, roomInvite);
  // `chat LINK` takes an invite link with a room key as it is (quoted: it holds `&`).
  const command = roomInvite ? `chat '${page}'` : share?.url && (key ? `chat --key ${key} ${share.url}` : `chat ${share.url}`);
  const copy = async (text, what) => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(what);
    } catch {
      setCopied('');
    }
  };

  return (
    <div className="share">
      <button type="button" aria-expanded={open} aria-controls={open ? 'share-panel' : undefined} onClick={() => setOpen(!open)}>
        Invite
      </button>
      {open && (
        <div id="share-panel" className="share-panel" role="dialog" aria-label="Invite people">
          <p>Open in a browser:</p>
          <p className="share-url">
            <a href={page} target="_blank" rel="noreferrer">
              {page}
            </a>{' '}
            <button type="button" onClick={() => copy(page, 'page')}>
              {copied === 'page' ? 'Copied' : 'Copy'}
            </button>
          </p>
          {key && !roomInvite && (
            <p className="hint">
              The access key is in the part after #, which browsers never send to any server. Anyone with this link can join: share it privately.
            </p>
          )}
          {roomInvite && (
            <p className="hint room-key-hint">
              This link also carries #{roomInvite.room}’s current key, after #, which browsers never send to any server. Anyone with it can read the room until its key
              changes: share it privately.
            </p>
          )}
          {command && (
            <>
              <p>Or from a terminal:</p>
              <p className="share-url">
                <code>{command}</code>{' '}
                <button type="button" onClick={() => copy(command, 'cli')}>
                  {copied === 'cli' ? 'Copied' : 'Copy'}
                </button>
              </p>
            </>
          )}
        </div>
      )}
    </div>
  );
}

/** The key in an invite link's fragment, or ''. */
function keyOf(invite) {
  if (!invite) return '';
  return new URLSearchParams(invite.split('#')[1] ?? '').get('key') ?? '';
}
