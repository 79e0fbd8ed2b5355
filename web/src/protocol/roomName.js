// Room names as the server spells them (docs/PROTOCOL.md, "Client frames"): lowercase, without a
// leading #. Whatever people type or a link carries is spelled so before it is joined or keyed.

/** The room name as the server spells it. */
export const roomName = (text) => text.trim().replace(/^#/, '').toLowerCase();
