#!/usr/bin/env python3
"""Draws the Ratusz icons (a town hall: pediment, columns, steps) with the standard library only.

Writes static/favicon.svg and static/icons/icon-{192,512}.png, icon-maskable-512.png.
The PNGs are committed; run this again only when the design changes:
    python3 frontend/tools/make_icons.py
"""
import pathlib
import struct
import zlib

ROOT = pathlib.Path(__file__).resolve().parents[2]
BLUE = (0x0B, 0x3D, 0x75)
WHITE = (0xFF, 0xFF, 0xFF)

# The glyph in a 100 x 100 box: (kind, points or rect).
GLYPH = [
    ("poly", [(50, 16), (86, 38), (14, 38)]),  # pediment
    ("rect", (18, 41, 82, 47)),                # architrave
    ("rect", (23, 50, 30, 74)),                # columns
    ("rect", (36.5, 50, 43.5, 74)),
    ("rect", (56.5, 50, 63.5, 74)),
    ("rect", (70, 50, 77, 74)),
    ("rect", (16, 76, 84, 81)),                # base
    ("rect", (11, 83, 89, 88)),                # step
]


def transform(scale, cx=50.0, cy=52.0):
    """Scales the glyph about its centre and puts it at the centre of the box."""
    def t(x, y):
        return (50 + (x - cx) * scale, 50 + (y - cy) * scale)
    return t


def shapes(scale):
    t = transform(scale)
    out = []
    for kind, data in GLYPH:
        if kind == "rect":
            x0, y0 = t(data[0], data[1])
            x1, y1 = t(data[2], data[3])
            out.append(("rect", (x0, y0, x1, y1)))
        else:
            out.append(("poly", [t(x, y) for x, y in data]))
    return out


def inside_poly(px, py, pts):
    hit = False
    j = len(pts) - 1
    for i in range(len(pts)):
        xi, yi = pts[i]
        xj, yj = pts[j]
        if (yi > py) != (yj > py) and px < (xj - xi) * (py - yi) / (yj - yi) + xi:
            hit = not hit
        j = i
    return hit


def inside_round_rect(px, py, radius):
    if radius == 0:
        return 0 <= px <= 100 and 0 <= py <= 100
    cx = min(max(px, radius), 100 - radius)
    cy = min(max(py, radius), 100 - radius)
    return (px - cx) ** 2 + (py - cy) ** 2 <= radius ** 2


def render(size, radius, scale, samples=4):
    glyph = shapes(scale)
    rows = []
    step = 100.0 / size
    for y in range(size):
        row = bytearray([0])  # filter type 0
        for x in range(size):
            bg = fg = 0
            for sy in range(samples):
                for sx in range(samples):
                    px = (x + (sx + 0.5) / samples) * step
                    py = (y + (sy + 0.5) / samples) * step
                    if not inside_round_rect(px, py, radius):
                        continue
                    bg += 1
                    for kind, data in glyph:
                        if kind == "rect":
                            if data[0] <= px <= data[2] and data[1] <= py <= data[3]:
                                fg += 1
                                break
                        elif inside_poly(px, py, data):
                            fg += 1
                            break
            total = samples * samples
            if bg == 0:
                row += bytes((0, 0, 0, 0))
                continue
            f = fg / bg
            rgb = [round(BLUE[i] * (1 - f) + WHITE[i] * f) for i in range(3)]
            row += bytes(rgb + [round(255 * bg / total)])
        rows.append(bytes(row))
    return png(size, b"".join(rows))


def png(size, raw):
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def svg(radius, scale):
    parts = []
    for kind, data in shapes(scale):
        if kind == "rect":
            x0, y0, x1, y1 = data
            parts.append(f'<rect x="{x0:g}" y="{y0:g}" width="{x1 - x0:g}" height="{y1 - y0:g}"/>')
        else:
            pts = " ".join(f"{x:g},{y:g}" for x, y in data)
            parts.append(f'<polygon points="{pts}"/>')
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">'
        f'<rect width="100" height="100" rx="{radius}" fill="#0b3d75"/>'
        f'<g fill="#fff">{"".join(parts)}</g></svg>\n'
    )


def main():
    icons = ROOT / "static" / "icons"
    icons.mkdir(parents=True, exist_ok=True)
    (ROOT / "static" / "favicon.svg").write_text(svg(18, 1.0))
    (icons / "icon-192.png").write_bytes(render(192, 18, 1.0))
    (icons / "icon-512.png").write_bytes(render(512, 18, 1.0))
    # Maskable: full-bleed background, glyph inside the 80 % safe circle.
    (icons / "icon-maskable-512.png").write_bytes(render(512, 0, 0.68))


if __name__ == "__main__":
    main()
