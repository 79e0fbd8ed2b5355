"""Draws the app's icons (web/public/icons/*.png) with the Python standard library alone: the same speech
bubble as icon.svg, rasterised by sampling each pixel 4 times. Run once after changing the drawing, and
commit the PNGs: `python3 web/scripts/icons.py`. build.mjs only copies them."""

import struct
import zlib
from pathlib import Path

ICONS = Path(__file__).resolve().parents[1] / "public" / "icons"
BLUE = (0x2F, 0x5B, 0xD3)
WHITE = (0xFF, 0xFF, 0xFF)
SAMPLES = [(0.25, 0.25), (0.75, 0.25), (0.25, 0.75), (0.75, 0.75)]


def in_rounded_rect(x, y, left, top, right, bottom, radius):
    cx = min(max(x, left + radius), right - radius)
    cy = min(max(y, top + radius), bottom - radius)
    return left <= x <= right and top <= y <= bottom and (x - cx) ** 2 + (y - cy) ** 2 <= radius**2


def in_triangle(x, y, a, b, c):
    def side(p, q):
        return (x - q[0]) * (p[1] - q[1]) - (p[0] - q[0]) * (y - q[1])

    s1, s2, s3 = side(a, b), side(b, c), side(c, a)
    return not ((s1 < 0 or s2 < 0 or s3 < 0) and (s1 > 0 or s2 > 0 or s3 > 0))


def colour_at(x, y, maskable):
    """The colour at (x, y) in the unit square, or None (transparent). Maskable icons fill the square and
    keep the drawing inside the central circle of radius 0.4 that every mask shape leaves."""
    dot = any((x - cx) ** 2 + (y - 0.45) ** 2 <= 0.035**2 for cx in (0.38, 0.5, 0.62))
    bubble = in_rounded_rect(x, y, 0.24, 0.28, 0.76, 0.62, 0.08) or in_triangle(x, y, (0.34, 0.6), (0.3, 0.74), (0.46, 0.6))
    if bubble:
        return BLUE if dot else WHITE
    if maskable or in_rounded_rect(x, y, 0.04, 0.04, 0.96, 0.96, 0.2):
        return BLUE
    return None


def pixels(size, maskable):
    rows = []
    for row in range(size):
        line = bytearray([0])  # PNG filter type 0 (none) for each scanline
        for column in range(size):
            found = [colour_at((column + dx) / size, (row + dy) / size, maskable) for dx, dy in SAMPLES]
            painted = [colour for colour in found if colour]
            if not painted:
                line += bytes(4)
                continue
            rgb = [round(sum(colour[i] for colour in painted) / len(painted)) for i in range(3)]
            line += bytes([*rgb, round(255 * len(painted) / len(SAMPLES))])
        rows.append(bytes(line))
    return b"".join(rows)


def png(size, maskable):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(pixels(size, maskable), 9)) + chunk(b"IEND", b"")


def main():
    ICONS.mkdir(parents=True, exist_ok=True)
    for name, size, maskable in [("icon-192.png", 192, False), ("icon-512.png", 512, False), ("icon-maskable-512.png", 512, True)]:
        (ICONS / name).write_bytes(png(size, maskable))
        print(f"wrote {ICONS / name}")


if __name__ == "__main__":
    main()
