import { useEffect, useState } from 'react';

import { inviteLink } from '../protocol/accessKey.js';
import { fetchShareInfo } from '../protocol/shareInfo.js';

/**
 * "Invite": the address to give people (the tunnel's public URL once there is one), with copy buttons.
 * When this tab has an access key, or the gateway generated one for its tunnel (`invite`, given only to
 * a request that presents that key), the link carries it after `#` and the terminal command gets `--key`.
 */
export function ShareBox({ accessKey = '' }) {
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
  const page = inviteLink(share?.page ?? globalThis.location.origin + '/', key);
  const command = share?.url && (key ? `chat --key ${key} ${share.url}` : `chat ${share.url}`);
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
      <button type="button" aria-expanded={open} aria-controls="share-panel" onClick={() => setOpen(!open)}>
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
          {key && (
            <p className="hint">
              The access key is in the part after #, which browsers never send to any server. Anyone with this link can join: share it privately.
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
