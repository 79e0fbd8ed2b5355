/** The members offered for the mention being typed; a click puts one in, as Tab or Enter does. */
export function MentionSuggestions({ id, offer, onChoose }) {
  return (
    <ul id={id} className="mention-suggestions" role="listbox" aria-label="Mention a member">
      {offer.names.map((name, index) => (
        <li
          key={name}
          id={`${id}-${index}`}
          role="option"
          aria-selected={index === offer.selected}
          onMouseDown={(event) => {
            event.preventDefault(); // keep the focus (and the caret) in the composer
            onChoose(name);
          }}
        >
          @{name}
        </li>
      ))}
    </ul>
  );
}
