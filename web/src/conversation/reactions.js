// Reactions (docs/PROTOCOL.md, "Conversation events"): a reaction event's text is `+X` (add X) or `-X`
// (take it back). Per message, person and reaction the latest event in the room's order decides, so
// two people toggling at once, or one person on two devices, end the same on every client: everyone
// applies the same events, and an older one never overrides a newer one whatever order it comes in.

/** What the relay accepts after the sign: 1 to 32 bytes, no whitespace or control characters. */
const REACTION = /^([+-])([^\s\p{Cc}]+)$/u;
const MAXIMUM_BYTES = 32;

/** {emoji, holds} of a reaction's text, or undefined if it is not one. */
export function parseReaction(text) {
  const match = REACTION.exec(text ?? '');
  if (!match || new TextEncoder().encode(match[2]).length > MAXIMUM_BYTES) return undefined;
  return { emoji: match[2], holds: match[1] === '+' };
}

/** The text that adds `emoji`, or takes it back. */
export function reactionText(emoji, holds) {
  return `${holds ? '+' : '-'}${emoji}`;
}

/**
 * `reactions` (emoji → person → {seq, holds, name}) after one event: `person` is who reacted (their
 * key, or their name without one: authorOf), `name` how to list them. Kept only if newer than what
 * that person's last event for this emoji said.
 */
export function applyReaction(reactions, { emoji, holds, person, name, seq }) {
  const people = reactions[emoji] ?? {};
  if ((people[person]?.seq ?? -1) >= seq) return reactions;
  return { ...reactions, [emoji]: { ...people, [person]: { seq, holds, name } } };
}

/**
 * The chips under a message: {emoji, count, names, mine} for each reaction someone holds, ordered by
 * when their holders added them (so every client, having applied the same events, shows the same row).
 */
export function reactionChips(reactions, me) {
  const chips = [];
  for (const [emoji, people] of Object.entries(reactions ?? {})) {
    const holders = Object.entries(people)
      .filter(([, entry]) => entry.holds)
      .sort(([, a], [, b]) => a.seq - b.seq);
    if (holders.length === 0) continue;
    const names = holders.map(([, entry]) => entry.name);
    chips.push({ emoji, count: holders.length, names, mine: holders.some(([person]) => person === me), since: holders[0][1].seq });
  }
  return chips.sort((a, b) => a.since - b.since).map(({ since, ...chip }) => chip);
}
