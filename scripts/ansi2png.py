#!/usr/bin/env python3
"""Render a terminal capture (`tmux capture-pane -e -p`) to a PNG, cell by cell.

Usage: scripts/ansi2png.py CAPTURE.txt OUT.png --cols 120 --rows 40
Needs Pillow and wcwidth (pip install pillow wcwidth) and the DejaVu Sans Mono font; Noto CJK is
used for wide characters when installed (fonts-noto-cjk).
"""
import argparse, re, sys
from PIL import Image, ImageDraw, ImageFont
from wcwidth import wcwidth

BASE16 = [(0x1d, 0x1f, 0x21), (0xcc, 0x66, 0x66), (0xb5, 0xbd, 0x68), (0xf0, 0xc6, 0x74),
          (0x81, 0xa2, 0xbe), (0xb2, 0x94, 0xbb), (0x8a, 0xbe, 0xb7), (0xc5, 0xc8, 0xc6),
          (0x66, 0x66, 0x66), (0xd5, 0x4e, 0x53), (0xb9, 0xca, 0x4a), (0xe7, 0xc5, 0x47),
          (0x7a, 0xa6, 0xda), (0xc3, 0x97, 0xd8), (0x70, 0xc0, 0xb1), (0xea, 0xea, 0xea)]
DEFAULT_FG, DEFAULT_BG = (0xd0, 0xd0, 0xd0), (0x16, 0x18, 0x1a)

def xterm256(n):
    if n < 16: return BASE16[n]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return (steps[n // 36], steps[(n // 6) % 6], steps[n % 6])
    v = 8 + (n - 232) * 10
    return (v, v, v)

def parse(text, cols, rows, light):
    fg_default, bg_default = ((0x20, 0x20, 0x20), (0xfa, 0xfa, 0xf8)) if light else (DEFAULT_FG, DEFAULT_BG)
    grid = [[(" ", fg_default, bg_default, False, False) for _ in range(cols)] for _ in range(rows)]
    style = {"fg": None, "bg": None, "bold": False, "dim": False, "ul": False, "rev": False}
    lines = text.split("\n")[:rows]
    for y, line in enumerate(lines):
        x, i = 0, 0
        while i < len(line):
            ch = line[i]
            if ch == "\x1b":
                m = re.match(r"\x1b\[([0-9;:]*)m", line[i:])
                if m:
                    apply_sgr(style, m.group(1))
                    i += len(m.group(0)); continue
                m = re.match(r"\x1b[^a-zA-Z]*[a-zA-Z]", line[i:])
                i += len(m.group(0)) if m else 1; continue
            w = wcwidth(ch)
            if w < 0: w = 1
            if w == 0:
                if x > 0:
                    c = grid[y][x - 1]; grid[y][x - 1] = (c[0] + ch,) + c[1:]
                i += 1; continue
            fg = style["fg"] or fg_default
            bg = style["bg"] or bg_default
            if style["bold"] and style["fg"] in BASE16[:8]:
                fg = BASE16[BASE16.index(style["fg"]) + 8]
            if style["dim"]: fg = tuple((a + b) // 2 for a, b in zip(fg, bg))
            if style["rev"]: fg, bg = bg, fg
            if x < cols:
                grid[y][x] = (ch, fg, bg, style["bold"], style["ul"])
                if w == 2 and x + 1 < cols: grid[y][x + 1] = ("", fg, bg, False, style["ul"])
            x += w; i += 1
    return grid, bg_default

def apply_sgr(style, params):
    codes = [int(p) if p.isdigit() else 0 for p in re.split(r"[;:]", params)] if params else [0]
    i = 0
    while i < len(codes):
        c = codes[i]
        if c == 0: style.update(fg=None, bg=None, bold=False, dim=False, ul=False, rev=False)
        elif c == 1: style["bold"] = True
        elif c == 2: style["dim"] = True
        elif c == 4: style["ul"] = True
        elif c == 7: style["rev"] = True
        elif c == 22: style["bold"] = style["dim"] = False
        elif c == 24: style["ul"] = False
        elif c == 27: style["rev"] = False
        elif 30 <= c <= 37: style["fg"] = BASE16[c - 30]
        elif 90 <= c <= 97: style["fg"] = BASE16[c - 90 + 8]
        elif 40 <= c <= 47: style["bg"] = BASE16[c - 40]
        elif 100 <= c <= 107: style["bg"] = BASE16[c - 100 + 8]
        elif c == 39: style["fg"] = None
        elif c == 49: style["bg"] = None
        elif c in (38, 48) and i + 1 < len(codes):
            key = "fg" if c == 38 else "bg"
            if codes[i + 1] == 5 and i + 2 < len(codes):
                style[key] = xterm256(codes[i + 2]); i += 2
            elif codes[i + 1] == 2 and i + 4 < len(codes):
                style[key] = tuple(codes[i + 2:i + 5]); i += 4
        i += 1

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("capture"); ap.add_argument("out")
    ap.add_argument("--cols", type=int, default=120); ap.add_argument("--rows", type=int, default=40)
    ap.add_argument("--light", action="store_true", help="the terminal's default colours are light")
    ap.add_argument("--size", type=int, default=15)
    a = ap.parse_args()
    text = open(a.capture, encoding="utf-8", errors="replace").read()
    grid, bg = parse(text, a.cols, a.rows, a.light)
    mono = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf", a.size)
    bold = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf", a.size)
    try:
        wide = ImageFont.truetype("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", a.size)
    except OSError:
        wide = mono
    cw = round(mono.getlength("M")); ch = round(a.size * 1.35)
    pad = 12
    img = Image.new("RGB", (a.cols * cw + 2 * pad, a.rows * ch + 2 * pad), bg)
    d = ImageDraw.Draw(img)
    for y, row in enumerate(grid):
        for x, (text, fg, cbg, is_bold, ul) in enumerate(row):
            px, py = pad + x * cw, pad + y * ch
            if cbg != bg: d.rectangle([px, py, px + cw - 1, py + ch - 1], fill=cbg)
            if not text or text == " ": continue
            font = wide if any(wcwidth(c) == 2 for c in text) else (bold if is_bold else mono)
            if font is mono or font is bold:
                if any(ord(c) > 0x2FFF for c in text): font = wide
            d.text((px, py + 1), text, font=font, fill=fg)
            if ul: d.line([px, py + ch - 2, px + cw - 1, py + ch - 2], fill=fg)
    img.save(a.out)

if __name__ == "__main__":
    main()
