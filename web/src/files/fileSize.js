// A byte count as people read it (docs/PROTOCOL.md, "Files"): `12 B`, `340 KiB`, `1.2 MiB`; the same
// rule as the CLI's and the gateway's (Shared/ChatProtocol/FileSize.swift).

const KIBIBYTE = 1024;
const MEBIBYTE = KIBIBYTE * KIBIBYTE;

/** `bytes` written as `12 B`, `340 KiB`, `1.2 MiB` (one decimal below 10 MiB, none above: `48 MiB`). */
export function formatFileSize(bytes) {
  const value = Math.max(0, Math.floor(bytes));
  if (value < KIBIBYTE) return `${value} B`;
  if (value < MEBIBYTE) return `${Math.round(value / KIBIBYTE)} KiB`;
  const mebibytes = value / MEBIBYTE;
  if (mebibytes < 10) {
    const tenths = Math.round(mebibytes * 10);
    return `${Math.floor(tenths / 10)}.${tenths % 10} MiB`;
  }
  return `${Math.round(mebibytes)} MiB`;
}
