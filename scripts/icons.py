#!/usr/bin/env python3
"""Draws the app icons (public/icons/*.png) once: a white water drop on the header blue.

Pure standard library (zlib + struct), so no image package is needed; run it again only when the
drop or the colours change, and commit the PNGs. The drop is the favicon's shape (public/favicon.svg):
the convex hull of a circle and an apex point, with the same highlight arc.
"""
import math
import struct
import zlib
from pathlib import Path

BLUE = (0x09, 0x4A, 0x8C)   # --accent of style/main.css, the header colour
WHITE = (0xFF, 0xFF, 0xFF)
OUT = Path(__file__).resolve().parent.parent / "public" / "icons"

# Drop in the favicon's 32-unit box: apex (16, 2), circle centre (16, 21), radius 10.
APEX, CENTRE, R = (16.0, 2.0), (16.0, 21.0), 10.0
D = CENTRE[1] - APEX[1]
HALF_ANGLE = math.asin(R / D)
REACH = (D * D - R * R) / D  # axial distance from the apex to the tangent points


def in_drop(x, y):
    dx, dy = x - CENTRE[0], y - CENTRE[1]
    if dx * dx + dy * dy <= R * R:
        return True
    ax, ay = x - APEX[0], y - APEX[1]
    if ay <= 0 or ay > REACH:
        return False
    return abs(math.atan2(ax, ay)) <= HALF_ANGLE


def in_arc(x, y):
    dx, dy = x - CENTRE[0], y - CENTRE[1]
    return 16.0 <= dx * dx + dy * dy <= 36.0 and dx <= 0 and dy >= 0


def colour_at(u, v, scale):
    """Colour at icon coordinates (0..1); the drop spans `scale` of the icon's height."""
    # Map to the 32-unit box, centring the drop (its box is y 2..31, x 6..26).
    x = 16.0 + (u - 0.5) * 29.0 / scale
    y = 16.5 + (v - 0.5) * 29.0 / scale
    if in_drop(x, y) and not in_arc(x, y):
        return WHITE
    return BLUE


def render(size, scale, samples=4):
    rows = []
    for j in range(size):
        row = bytearray([0])  # filter type 0
        for i in range(size):
            acc = [0, 0, 0]
            for sj in range(samples):
                for si in range(samples):
                    c = colour_at((i + (si + 0.5) / samples) / size, (j + (sj + 0.5) / samples) / size, scale)
                    for k in range(3):
                        acc[k] += c[k]
            n = samples * samples
            row += bytes(round(a / n) for a in acc)
        rows.append(bytes(row))
    return png(size, size, b"".join(rows))


def png(w, h, raw):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)  # 8-bit RGB
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    # "any": the drop fills most of the square. "maskable": the drop stays inside the central 80 % circle
    # that every launcher mask keeps (W3C Manifest, "safe zone"), so it is drawn smaller.
    for size in (192, 512):
        (OUT / f"icon-{size}.png").write_bytes(render(size, 0.72))
        (OUT / f"maskable-{size}.png").write_bytes(render(size, 0.5))
    (OUT / "apple-touch-icon.png").write_bytes(render(180, 0.6))


if __name__ == "__main__":
    main()
