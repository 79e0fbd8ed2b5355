/** The reactions under a message: each with how many hold it and who (its title); ours pressed. A click toggles ours (`onToggle(emoji)`). */
export function ReactionChips({ chips, onToggle }) {
  if (chips.length === 0) return null;
  return (
    <span className="reactions" role="group" aria-label="Reactions">
      {chips.map((chip) => {
        const who = `${chip.names.join(', ')} reacted with ${chip.emoji}`;
        return (
          <button
            key={chip.emoji}
            type="button"
            className={`reaction ${chip.mine ? 'mine' : ''}`}
            aria-pressed={chip.mine}
            title={who}
            aria-label={`${who}${chip.mine ? ' (click to take yours back)' : ' (click to add yours)'}`}
            data-emoji={chip.emoji}
            onClick={() => onToggle(chip.emoji)}
          >
            {chip.emoji} <span className="count">{chip.count}</span>
          </button>
        );
      })}
    </span>
  );
}
