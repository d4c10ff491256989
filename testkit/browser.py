"""A real browser for tests: Debian's `chromium`, headless, on local files only.

`.ci/run` installs it. Every run gets its own profile folder and no network services (no
background fetches, no component updates, no sync), so a page that tried to load anything from
the network would show it missing; the pages tested here load nothing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import zlib
from pathlib import Path

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--no-first-run",
    "--hide-scrollbars",
)


def chromium() -> str | None:
    """The browser's path (NEWSCRAWL_CHROMIUM, else `chromium` on PATH), or None."""
    return os.environ.get("NEWSCRAWL_CHROMIUM") or shutil.which("chromium")


def _run(page: Path, profile: Path, *options: str, timeout: float = 120) -> str:
    browser = chromium()
    if browser is None:
        raise RuntimeError("chromium is not installed (apt-get install chromium)")
    command = [browser, *FLAGS, f"--user-data-dir={profile}", *options, page.resolve().as_uri()]
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"chromium failed ({done.returncode}): {done.stderr[-2000:]}")
    return done.stdout


def dump_dom(page: Path, profile: Path) -> str:
    """The page's DOM after the browser has loaded and laid it out, serialised."""
    return _run(page, profile, "--dump-dom")


def screenshot(page: Path, png: Path, profile: Path, width: int, height: int) -> Path:
    _run(page, profile, f"--screenshot={png}", f"--window-size={width},{height}")
    return png


# ---------------------------------------------------------------- reading the PNG it writes


def read_png(path: Path) -> tuple[int, int, list[bytes]]:
    """Width, height and the rows of an 8-bit RGB or RGBA PNG (what chromium writes), each row
    as bytes of 3 or 4 per pixel."""
    data = path.read_bytes()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path} is not a PNG")
    chunks, offset, header = [], 8, b""
    while offset < len(data):
        length = int.from_bytes(data[offset : offset + 4], "big")
        kind = data[offset + 4 : offset + 8]
        body = data[offset + 8 : offset + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks.append(body)
        offset += 12 + length
    width, height = int.from_bytes(header[:4], "big"), int.from_bytes(header[4:8], "big")
    depth, color, interlace = header[8], header[9], header[12]
    if depth != 8 or color not in (2, 6) or interlace:
        raise ValueError(f"{path}: only 8-bit, non-interlaced RGB or RGBA PNGs are read")
    size = 3 if color == 2 else 4
    raw = zlib.decompress(b"".join(chunks))
    stride = width * size
    rows: list[bytes] = []
    previous = bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for x in range(stride):
            left = line[x - size] if x >= size else 0
            up = previous[x]
            corner = previous[x - size] if x >= size else 0
            line[x] = (line[x] + _predict(kind, left, up, corner)) & 0xFF
        rows.append(bytes(line))
        previous = line
    return width, height, rows


def _predict(kind: int, left: int, up: int, corner: int) -> int:
    if kind == 0:
        return 0
    if kind == 1:
        return left
    if kind == 2:
        return up
    if kind == 3:
        return (left + up) // 2
    estimate = left + up - corner  # 4: Paeth
    near = min((abs(estimate - left), 0, left), (abs(estimate - up), 1, up),
               (abs(estimate - corner), 2, corner))  # fmt: skip
    return near[2]


def write_png(path: Path, width: int, height: int, rows: list[bytes]) -> Path:
    """Write the rows (RGB or RGBA, as `read_png` gives them) as an opaque 8-bit RGB PNG, each
    row filtered the way that compresses the whole picture best of none, Sub and Up."""
    size = len(rows[0]) // width
    rgb = [row if size == 3 else bytes(b for i, b in enumerate(row) if i % 4 != 3) for row in rows]
    candidates = []
    for kind in (0, 1, 2):
        lines, previous = [], bytes(width * 3)
        for row in rgb:
            if kind == 0:
                line = row
            elif kind == 1:
                line = bytes(
                    (row[i] - (row[i - 3] if i >= 3 else 0)) & 0xFF for i in range(len(row))
                )
            else:
                line = bytes((a - b) & 0xFF for a, b in zip(row, previous, strict=True))
            lines.append(bytes((kind,)) + line)
            previous = row
        candidates.append(zlib.compress(b"".join(lines), 9))
    data = min(candidates, key=len)

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body).to_bytes(4, "big")
        return len(body).to_bytes(4, "big") + kind + body + crc

    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes((8, 2, 0, 0, 0))
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )
    return path
