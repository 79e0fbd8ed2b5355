// What the attach button, a paste and a drop do with files: each is shared in the room shown, through
// the session's FileUploads (files/fileUploads.js), which refuses what the server would and says why.

/** The files a paste or a drop carries (a DataTransfer's), if any. */
export const filesOf = (transfer) => [...(transfer?.files ?? [])];

/** Shares `files` in the view's room; a private conversation takes none (files are room events). */
export function sendFiles({ session, dispatch }, view, files) {
  if (view.kind !== 'room') {
    dispatch({ type: 'notice', text: 'Files can be shared in rooms only.' });
    return;
  }
  for (const file of files) session.uploads.send(view.name, file);
}
