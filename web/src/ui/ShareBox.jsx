import { useEffect, useState } from 'react';

/** "Invite": the address to give people (the tunnel's public URL once there is one), with copy buttons. */
export function ShareBox() {
  const [share, setShare] = useState(undefined);
  const [open, setOpen] = useState(false);
  const [copied, setCopied] = useState('');

  useEffect(() => {
    if (!open) return undefined;
    let cancelled = false;
    fetch('/api/share', { cache: 'no-store' })
      .then((response) => (response.ok ? response.json() : undefined))
      .then((value) => !cancelled && setShare(value))
      .catch(() => !cancelled && setShare(undefined));
    return () => {
      cancelled = true;
    };
  }, [open]);

  const page = share?.page ?? globalThis.location.origin + '/';
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
          {share?.url && (
            <>
              <p>Or from a terminal:</p>
              <p className="share-url">
                <code>chat {share.url}</code>{' '}
                <button type="button" onClick={() => copy(`chat ${share.url}`, 'cli')}>
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
