/** Who is in the room; anyone but you can be written to privately. */
export function MemberList({ members, me, onMessage }) {
  return (
    <>
      <h2 className="members-title">Members ({members.length})</h2>
      <ul className="member-list">
        {members.map((name) => (
          <li key={name}>
            {name === me ? (
              <span className="member me-member">{name} (you)</span>
            ) : (
              <button type="button" className="member" onClick={() => onMessage(name)} title={`Write to ${name} privately`}>
                {name}
              </button>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
