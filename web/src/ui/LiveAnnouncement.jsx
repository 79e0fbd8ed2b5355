/** The screen readers' polite live region for new messages (ui/useAlerts.js batches what it says). */
export function LiveAnnouncement({ text }) {
  return (
    <div className="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="announcement">
      {text}
    </div>
  );
}
