// A room's member list, kept by the client: a snapshot (welcome, joined, a `members` answer) gives the
// whole list, and each `presence` event, applied in room order, changes it by one name. The server sends
// no list with presence events (a crowd's arrival would cost the square of its size). Names compare
// exactly, as the server spells them; the list stays sorted as the server sorts snapshots: by the name
// lowercased, then by the name itself (code unit order, not the locale's).
// The functions never change the list they get: they return a new one, or the same one if nothing changed.

/** The server's order of member names. */
export function compareNames(a, b) {
  const lowerA = a.toLowerCase();
  const lowerB = b.toLowerCase();
  if (lowerA < lowerB) return -1;
  if (lowerA > lowerB) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Names in the server's order. */
export function sortMembers(names) {
  return [...names].sort(compareNames);
}

/** The list with `name` added in its place, or the same list if it holds `name` already. */
export function addMember(members, name) {
  if (members.includes(name)) return members;
  // The first position whose name sorts after `name`.
  let low = 0;
  let high = members.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareNames(members[middle], name) <= 0) low = middle + 1;
    else high = middle;
  }
  return [...members.slice(0, low), name, ...members.slice(low)];
}

/** The list without `name`, or the same list if it does not hold it. */
export function removeMember(members, name) {
  const index = members.indexOf(name);
  return index < 0 ? members : [...members.slice(0, index), ...members.slice(index + 1)];
}

/** The list with `from` replaced by `name` (in its place); `name` is added even if `from` was missing. */
export function renameMember(members, from, name) {
  return addMember(removeMember(members, from), name);
}

/** The list after a `presence` event ({event, name, from}); any `members` the frame carries is ignored. */
export function applyPresence(members, presence) {
  switch (presence.event) {
    case 'joined': return addMember(members, presence.name);
    case 'left': return removeMember(members, presence.name);
    case 'renamed': return presence.from === undefined ? addMember(members, presence.name) : renameMember(members, presence.from, presence.name);
    default: return members;
  }
}
