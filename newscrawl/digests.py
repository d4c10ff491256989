"""Sets of URLs (or any strings and bytes) a crawl has seen, kept as fixed-size digests.

A crawl remembers every URL it asked for, every article it exported and every request the
duplicate filter let through. Kept as Python strings in sets, that is 150 to 250 bytes a URL in
each of them, and a million-URL archive crawl would hold most of a gigabyte it never reads
back. `DigestSet` keeps a 64-bit digest (BLAKE2b) of each member in one array of machine
words, an open-addressing table at most half full: 16 to 32 bytes a member, in one object.

Two different members share a digest with probability about n² / 2⁶⁵: one in 37 million for a
crawl of a million URLs. The cost of such a collision is one URL taken for seen (not fetched,
or its record taken for a duplicate).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from hashlib import blake2b


def digest(member: str | bytes) -> int:
    """A member's 64-bit digest (never 0, which marks an empty slot)."""
    data = member.encode("utf-8") if isinstance(member, str) else member
    return int.from_bytes(blake2b(data, digest_size=8).digest(), "little") or 1


class DigestSet:
    """A set of strings or bytes (`in`, `add`, `len`) that stores 8-byte digests of them."""

    __slots__ = ("_count", "_mask", "_slots")

    def __init__(self, members: Iterable[str | bytes] = (), capacity: int = 1024) -> None:
        size = 1 << max(capacity - 1, 1).bit_length()  # a power of two
        self._slots = array("Q", bytes(8 * size))
        self._mask = size - 1
        self._count = 0
        for member in members:
            self.add(member)

    def __len__(self) -> int:
        return self._count

    def __contains__(self, member: object) -> bool:
        if not isinstance(member, str | bytes):
            return False
        key = digest(member)
        return self._slots[self._slot(key)] == key

    def add(self, member: str | bytes) -> bool:
        """Add `member`; True when it was not in the set yet."""
        key = digest(member)
        slot = self._slot(key)
        if self._slots[slot] == key:
            return False
        self._slots[slot] = key
        self._count += 1
        if 2 * self._count > len(self._slots):
            self._grow()
        return True

    def _slot(self, key: int) -> int:
        """The slot holding `key`, or the empty one where it would go (linear probing)."""
        slots, mask = self._slots, self._mask
        slot = key & mask
        while slots[slot] and slots[slot] != key:
            slot = (slot + 1) & mask
        return slot

    def _grow(self) -> None:
        old = self._slots
        self._slots = array("Q", bytes(16 * len(old)))
        self._mask = len(self._slots) - 1
        for key in old:
            if key:
                self._slots[self._slot(key)] = key

    @property
    def nbytes(self) -> int:
        """The memory its table takes, in bytes."""
        return self._slots.itemsize * len(self._slots)
