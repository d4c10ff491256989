"""`is_utf8` answers as `bytes.decode("utf-8")` does, wherever a character falls against the
pieces it decodes in, and answers again for the same body without decoding it."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from newscrawl.extraction import utf8
from newscrawl.extraction.utf8 import PIECE, is_utf8

PIECES = st.sampled_from([
    b"a", b"<p>", b"\xc3\xa9", b"\xd9\x86", b"\xe2\x80\x99", b"\xf0\x9f\x98\x80", b"\xc3",
    b"\xa9", b"\xff", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\x00",
])  # fmt: skip


def decodes(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@given(
    offset=st.integers(min_value=0, max_value=4),
    tail=st.lists(PIECES, max_size=12).map(b"".join),
)
def test_is_utf8_is_decode(offset: int, tail: bytes) -> None:
    # The pieces under test straddle the boundary between the first two decoded pieces.
    body = b"x" * (PIECE - offset) + tail
    assert is_utf8(body) == decodes(body)
    assert is_utf8(tail) == decodes(tail)


@given(
    pieces=st.integers(min_value=1, max_value=3),
    offset=st.integers(min_value=0, max_value=4),
    middle=st.lists(PIECES, max_size=6).map(b"".join),
    tail=st.lists(PIECES, max_size=6).map(b"".join),
)
def test_is_utf8_is_decode_across_later_pieces(
    pieces: int, offset: int, middle: bytes, tail: bytes
) -> None:
    # Non-ASCII text before the boundary under test, so that earlier pieces end inside a
    # character or leave one unread; the tail at the end of the body: cut, invalid or whole.
    lead = b"x" * (offset % 2) + "\u0646".encode() * ((pieces * PIECE - offset) // 2)
    assert len(lead) == pieces * PIECE - offset
    body = lead + middle + b"y" * (PIECE // 3) + tail
    assert is_utf8(body) == decodes(body)


def test_the_answer_for_the_same_body_is_kept() -> None:
    body = "\u0646\u0635".encode() * PIECE
    assert is_utf8(body)
    assert utf8._last == (body, True)
    assert not is_utf8(body[:-1])  # another body: decoded, its last character cut
    assert is_utf8(body)
