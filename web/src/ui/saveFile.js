// Saving a file's body as a download: an <a download=NAME> made for one click on its blob: URL (the
// gateway's own URL would need the access key as a header, which a link cannot carry).

/** How long the URL outlives the click: the browser reads the blob after the click returns. */
const KEPT_MS = 60_000;

/** Offers `blob` as a download named `name`. */
export function saveFile(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), KEPT_MS);
}
