/** Mutes the room (shell/mutedRooms.js: no sound, notification, announcement or title count for it), or unmutes it. */
export function MuteButton({ room, muted, onChange }) {
  return (
    <button
      type="button"
      className="mute-button"
      aria-pressed={muted}
      title={muted ? `#${room} is muted: no sound, notification or count in the tab` : `Silence #${room}: no sound, notification or count in the tab`}
      onClick={() => onChange(room, !muted)}
    >
      <span aria-hidden="true">{muted ? '🔕' : '🔔'}</span> Mute
    </button>
  );
}
