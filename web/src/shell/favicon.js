// The tab's icon: the app's speech bubble, with a badge of the unread count (attention.js badgeOf),
// drawn on a canvas into a data: PNG (the content security policy allows `img-src data:`). Mentions and
// direct messages make the badge red, other unread messages blue.

const SIZE = 64;

/** A data: URL of the icon with `badge` ('' for none); `calling` colours it for a mention or direct message. */
export function drawFavicon(badge, calling, document = globalThis.document) {
  const canvas = document.createElement('canvas');
  canvas.width = SIZE;
  canvas.height = SIZE;
  const pen = canvas.getContext('2d');
  if (!pen) return undefined;
  pen.fillStyle = '#2f5bd3';
  pen.beginPath();
  pen.roundRect(4, 6, 56, 42, 12);
  pen.moveTo(16, 46);
  pen.lineTo(12, 60);
  pen.lineTo(30, 46);
  pen.fill();
  if (badge) {
    pen.fillStyle = calling ? '#c62828' : '#1d2330';
    pen.beginPath();
    pen.arc(44, 22, 20, 0, 2 * Math.PI);
    pen.fill();
    pen.fillStyle = '#ffffff';
    pen.font = `bold ${badge.length > 1 ? 22 : 28}px system-ui, sans-serif`;
    pen.textAlign = 'center';
    pen.textBaseline = 'middle';
    pen.fillText(badge, 44, 23);
  }
  return canvas.toDataURL('image/png');
}

/** Points the page's <link rel="icon"> at `href`. */
export function showFavicon(href, document = globalThis.document) {
  let link = document.querySelector('link[rel="icon"]');
  if (!link) {
    link = document.createElement('link');
    link.rel = 'icon';
    document.head.append(link);
  }
  if (href && link.href !== href) link.href = href;
}
