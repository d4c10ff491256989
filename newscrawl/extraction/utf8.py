"""Whether a page's bytes are valid UTF-8: asked of every page twice in a row (the encoding rule,
then the parser's shortcut in `document`), answered once."""

from __future__ import annotations

from codecs import utf_8_decode

PIECE = 16384  # bytes decoded at a time
_last: tuple[bytes, bool] = (b"", True)  # the last body asked about, and the answer


def is_utf8(body: bytes) -> bool:
    """What `body.decode("utf-8")` would say: whether it succeeds. Decoded in pieces, which stay
    in the processor's cache (one string the size of a 250 KiB page takes twice as long), and
    the answer kept for the last body asked about (bytes do not change: the same object, the
    same answer)."""
    global _last
    last = _last
    if last[0] is body:
        return last[1]
    answer = body.isascii() or _decodes(body)
    _last = (body, answer)
    return answer


def _decodes(body: bytes) -> bool:
    """Each piece decoded by the codec's own function, told whether it is the last: a piece that
    ends inside a character leaves those bytes unread, and the next piece starts at them (a
    view of the body, never a copy; codecs' incremental decoder would join the leftover to
    the next piece, copying it)."""
    view = memoryview(body)
    size = len(body)
    start = 0
    try:
        while start < size:
            end = start + PIECE
            start += utf_8_decode(view[start:end], "strict", end >= size)[1]
    except UnicodeDecodeError:
        return False
    return True
