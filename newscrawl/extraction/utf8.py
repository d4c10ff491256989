"""Whether a page's bytes are valid UTF-8: asked of every page twice in a row (the encoding rule,
then the parser's shortcut in `document`), answered once."""

from __future__ import annotations

import codecs

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
    if len(body) <= PIECE:  # one piece: decoded at once, without an incremental decoder
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            return False
        return True
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    view = memoryview(body)
    try:
        for start in range(0, len(body), PIECE):
            decoder.decode(view[start : start + PIECE])
        decoder.decode(b"", True)  # a sequence cut off at the end
    except UnicodeDecodeError:
        return False
    return True
