/** What is said of a body that cannot be shown (FileBodies.load's statuses); 'expired' is the mark the system tests look for. */
const PROBLEMS = {
  locked: '🔒 sealed with a key you do not have',
  broken: '⚠ this file arrived damaged, or cannot be decrypted',
  failed: 'could not download it: try again',
};

/** A file's body is gone, or could not be had: said as such, never as its bytes. */
export function FileProblem({ status }) {
  if (status === 'expired') {
    return (
      <span className="file-expired" data-testid="file-expired" title="The server no longer holds this file">
        file expired
      </span>
    );
  }
  const text = PROBLEMS[status];
  return text ? <span className={`file-problem file-${status}`}>{text}</span> : null;
}
