"""One crawl's shared frontier in Redis, and one worker's place in it. No Scrapy here: the
Scrapy side (scheduler, claims, the idle rule) is newscrawl/distributed.py.

What it promises: a request taken from the queue stays recoverable until its outcome (a record,
a failure, a skip, or the requests it led to) is written; an article, ticker item or failure is
exported by exactly one worker; a crawl ends only when nothing is queued or in flight anywhere;
and a frontier that Redis lost (restarted without its data) or can no longer reach is noticed,
never taken for a finished crawl.

Keys, every one named by the crawl (`newscrawl:<crawl id>:…`); none is ever found, let alone
deleted, by a pattern:

- `crawl` (string): the crawl's run id, set by its first worker; `done:<run id>` for a day once
  the crawl is over, so that the workers still waiting learn it ended. A worker that finds
  neither knows the frontier was lost.
- `requests` (sorted set): the queue, JSON requests in scrapy-redis's priority queue layout.
- `dupefilter` (set): the fingerprint of every request ever queued.
- `workers` (hash): slot -> `{"host", "pid", "files"}` of every worker that joined.
- `leases`, `busy` (sorted sets): slot -> its last heartbeat, its last one while busy (Redis's
  clock).
- `absent` (set, for a day after the crawl): the workers that had not said goodbye when the
  crawl ended. Started again (after a kill), such a worker learns its crawl is over.
- `inflight:<slot>` (hash): token -> `score\ndata` of every request the worker took and has
  not finished.
- `claims:<kind>` (hashes, kind `article`, `breaking`, `error`): canonical URL, item id or
  failed URL -> the slot that exports it.
- `pending:<slot>` (set): `<kind>\t<key>` of every claim the worker has not written yet.

A worker's **slot** is its host and export file: a worker started again with the same `-o`
is the same slot, takes back what it had in flight and appends to its file; never while the
slot's process (its pid and start time) lives on this host, however late its heartbeat. A slot
whose heartbeat stops for `lease_seconds` (or, on the same host, whose process is gone) is taken
over by any other worker: its requests in flight go back to the queue and its unwritten claims
are released. Which claims were written is known only from the worker's own files: a worker
started again, or a worker taking over one on its own host, reads them first; a worker on
another host that never comes back may leave a record written in the instant before its claim
was confirmed exported twice (`newscrawl export` keeps one).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import socket
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newscrawl.appending import whole_lines

PREFIX = "newscrawl"
KINDS = ("article", "breaking", "error")
CRAWL_ID = re.compile(r"[\w.-]{1,200}")


class FrontierLost(RuntimeError):
    """The crawl's frontier is gone (Redis lost its data) or unreachable: the crawl cannot go
    on, and must not be taken for finished."""


class WorkerConflict(RuntimeError):
    """Another live worker of the crawl writes the same export file on this host."""


def check_crawl_id(crawl_id: str) -> str:
    """A crawl id names Redis keys: letters, digits, `.`, `_` and `-` only (no glob character,
    no `:`), and never `state`, the prefix of the incremental states."""
    if not CRAWL_ID.fullmatch(crawl_id) or crawl_id == "state":
        raise ValueError(f"crawl id {crawl_id!r}: use letters, digits, '.', '_' and '-'")
    return crawl_id


def pid_alive(pid: int, started: int | None = None) -> bool:
    """Whether process `pid` of this host is a live crawler: it exists and, where /proc tells,
    runs newscrawl or scrapy (a killed worker not yet reaped, or its pid given to another
    program since, is not one) and, when `started` is given, started then (its pid given to
    another crawler since is not it)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return True  # no /proc here: it exists, that is all one can tell
    if started is not None and start_time(pid) not in (None, started):
        return False
    return b"newscrawl" in command or b"scrapy" in command


def start_time(pid: int) -> int | None:
    """When process `pid` started, in clock ticks since the host booted (/proc/PID/stat's 22nd
    field): with the pid, it names one process, whose pid may be given to another one once it
    has ended. None where /proc does not tell."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_bytes()
    except OSError:
        return None
    fields = stat.rsplit(b")", 1)[-1].split()  # after the command, which may hold anything
    return int(fields[19]) if len(fields) > 19 else None


@dataclass(frozen=True)
class Worker:
    """This process as a worker of the crawl: its slot (host and export file), pid and files."""

    slot: str
    host: str
    pid: int
    files: tuple[str, ...] = ()
    started: int | None = None  # when the process started (`start_time`)

    @classmethod
    def here(cls, files: Iterable[str | Path] = ()) -> Worker:
        host, pid = socket.gethostname(), os.getpid()
        paths = tuple(str(Path(f).resolve()) for f in files)
        # Without an export file there is nothing to resume: a slot of its own per process.
        identity = f"{host}\0{paths[0]}" if paths else f"{host}\0{pid}\0{uuid.uuid4()}"
        slot = hashlib.sha256(identity.encode("utf-8")).hexdigest()[:16]
        return cls(slot=slot, host=host, pid=pid, files=paths, started=start_time(pid))

    def info(self) -> str:
        return json.dumps({"host": self.host, "pid": self.pid, "files": list(self.files),
                           "started": self.started})  # fmt: skip


def recorded_alive(info: dict[str, Any]) -> bool:
    """Whether the process a worker's recorded `info` names (on this host) is still running."""
    return pid_alive(int(info.get("pid", 0)), info.get("started"))


# ------------------------------------------------------------------ the scripts (atomic)

# Helpers every script starts with: every key a crawl names (the fixed ones, then two per
# worker that joined), and Redis's clock.
_HELPERS = """
local function crawl_keys(prefix)
  local keys = {}
  for _, name in ipairs({'crawl', 'requests', 'dupefilter', 'workers', 'leases', 'busy',
                         'absent', 'claims:article', 'claims:breaking', 'claims:error'}) do
    keys[#keys + 1] = prefix .. ':' .. name
  end
  for _, slot in ipairs(redis.call('HKEYS', prefix .. ':workers')) do
    keys[#keys + 1] = prefix .. ':inflight:' .. slot
    keys[#keys + 1] = prefix .. ':pending:' .. slot
  end
  return keys
end
-- 'ok' while the crawl key holds this worker's run id, 'over' once it says done:, else 'lost'.
local function crawl_state(key, run_id)
  local current = redis.call('GET', key)
  if current == run_id then return 'ok' end
  if current == 'done:' .. run_id then return 'over' end
  return 'lost'
end
local function now()
  local t = redis.call('TIME')
  return tonumber(t[1]) + tonumber(t[2]) / 1000000
end
"""

# KEYS: crawl, workers, leases, busy, absent. ARGV: prefix, run id, slot, worker info.
# {0: joined | 1: started | 2: over, run id}. Over: the crawl this slot was part of ended while
# it was down (it is `absent`): nothing to do. Started: a new crawl (no run id, or the last
# one's done:), which first clears whatever a lost frontier left behind.
_JOIN = """
local state = 0
local current = redis.call('GET', KEYS[1])
local ended = current and string.sub(current, 1, 5) == 'done:'
if ended and redis.call('SREM', KEYS[5], ARGV[3]) == 1 then return {2, current} end
if not current or ended then
  state = 1
  redis.call('DEL', unpack(crawl_keys(ARGV[1])))
  redis.call('SET', KEYS[1], ARGV[2])
end
local t = now()
redis.call('HSET', KEYS[2], ARGV[3], ARGV[4])
redis.call('ZADD', KEYS[3], t, ARGV[3])
redis.call('ZADD', KEYS[4], t, ARGV[3])
return {state, redis.call('GET', KEYS[1])}
"""

# KEYS: crawl, requests, dupefilter. ARGV: run id, data, score, fingerprint ('' = unfiltered).
# Filtered and queued together: a request is never seen without being queued. Nothing is
# written into a frontier that is not this crawl's any more: {'over'} or {'lost'}.
_PUSH = """
local state = crawl_state(KEYS[1], ARGV[1])
if state ~= 'ok' then return {state} end
if ARGV[4] ~= '' and redis.call('SADD', KEYS[3], ARGV[4]) == 0 then return {'seen'} end
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[2])
return {'queued'}
"""

# KEYS: crawl, requests, inflight. ARGV: run id, token. The first request moves to the
# worker's in-flight hash: {'ok', request}, {'ok'} when none is queued, {'over'} or {'lost'}.
_LEASE = """
local state = crawl_state(KEYS[1], ARGV[1])
if state ~= 'ok' then return {state} end
local top = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
if #top == 0 then return {'ok'} end
redis.call('ZREM', KEYS[2], top[1])
redis.call('HSET', KEYS[3], ARGV[2], top[2] .. '\\n' .. top[1])
return {'ok', top[1]}
"""

# KEYS: crawl, leases, busy, inflight. ARGV: run id, slot, busy (0/1), finished tokens...
# 1: alive; 2: alive, but had been taken for dead; 3: the crawl is over; 0: the frontier is lost.
_HEARTBEAT = """
local state = crawl_state(KEYS[1], ARGV[1])
if state == 'over' then return 3 end
if state == 'lost' then return 0 end
local t = now()
local known = redis.call('ZSCORE', KEYS[2], ARGV[2])
redis.call('ZADD', KEYS[2], t, ARGV[2])
if ARGV[3] == '1' then redis.call('ZADD', KEYS[3], t, ARGV[2]) end
for i = 4, #ARGV do redis.call('HDEL', KEYS[4], ARGV[i]) end
if known then return 1 end
return 2
"""

# KEYS: claims hash, pending set. ARGV: key, slot, pending member.
_CLAIM = """
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
redis.call('SADD', KEYS[2], ARGV[3])
return 1
"""

# KEYS: requests, leases, busy, workers. ARGV: prefix, slot, expected info ('' = any), lease
# cutoff ('' = none). The slot's requests in flight go back to the queue, its unwritten claims
# are released. Refused (-1) when the slot joined again since (another info) or beat since.
_TAKE_OVER = """
local prefix, slot = ARGV[1], ARGV[2]
if ARGV[3] ~= '' and redis.call('HGET', KEYS[4], slot) ~= ARGV[3] then return -1 end
if ARGV[4] ~= '' then
  local beat = redis.call('ZSCORE', KEYS[2], slot)
  if beat and tonumber(beat) > tonumber(ARGV[4]) then return -1 end
end
local inflight = prefix .. ':inflight:' .. slot
local pending = prefix .. ':pending:' .. slot
local entries = redis.call('HVALS', inflight)
for _, entry in ipairs(entries) do
  local cut = string.find(entry, '\\n', 1, true)
  redis.call('ZADD', KEYS[1], tonumber(string.sub(entry, 1, cut - 1)), string.sub(entry, cut + 1))
end
for _, member in ipairs(redis.call('SMEMBERS', pending)) do
  local cut = string.find(member, '\\t', 1, true)
  local claims = prefix .. ':claims:' .. string.sub(member, 1, cut - 1)
  local key = string.sub(member, cut + 1)
  if redis.call('HGET', claims, key) == slot then redis.call('HDEL', claims, key) end
end
redis.call('DEL', inflight, pending)
redis.call('ZREM', KEYS[2], slot)
redis.call('ZREM', KEYS[3], slot)
return #entries
"""

# KEYS: crawl, requests, busy, absent. ARGV: prefix, run id, slot, busy seconds, clear (0/1).
# This worker is not busy any more: {queued, others busy, in flight anywhere, over}, or -1 when
# the frontier was lost. With clear, and nothing left anywhere, the crawl's keys go and the
# crawl is over: `done:<run id>` says so to the workers still waiting, and every other worker
# that joined is `absent` until it says goodbye (a killed one never does: started again, it
# learns that its crawl is over rather than starting a new one).
_LEAVE = """
local state = crawl_state(KEYS[1], ARGV[2])
if state == 'over' then return {0, 0, 0, 1} end
if state == 'lost' then return -1 end
redis.call('ZREM', KEYS[3], ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now() - tonumber(ARGV[4]))
local queued = redis.call('ZCARD', KEYS[2])
local others = redis.call('ZCARD', KEYS[3])
local inflight = 0
for _, slot in ipairs(redis.call('HKEYS', ARGV[1] .. ':workers')) do
  inflight = inflight + redis.call('HLEN', ARGV[1] .. ':inflight:' .. slot)
end
local cleared = 0
if ARGV[5] == '1' and queued + others + inflight == 0 then
  local absent = redis.call('HKEYS', ARGV[1] .. ':workers')
  redis.call('DEL', unpack(crawl_keys(ARGV[1])))
  redis.call('SET', KEYS[1], 'done:' .. ARGV[2], 'EX', 86400)
  for _, slot in ipairs(absent) do
    if slot ~= ARGV[3] then redis.call('SADD', KEYS[4], slot) end
  end
  redis.call('EXPIRE', KEYS[4], 86400)
  cleared = 1
end
return {queued, others, inflight, cleared}
"""


@dataclass
class Frontier:
    """The crawl `crawl_id` in Redis `server`, as worker `worker` sees it."""

    server: Any
    crawl_id: str
    worker: Worker
    lease_seconds: float = 30.0
    busy_seconds: float = 5.0
    run_id: str | None = None
    # Why the frontier can no longer be used (lost or unreachable); None while it can.
    lost: str | None = None
    # Joined a crawl that had ended while this slot was down (`join`): nothing to do.
    over: bool = False
    scripts: dict[str, Any] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        check_crawl_id(self.crawl_id)
        self.prefix = f"{PREFIX}:{self.crawl_id}"
        for name, source in (("join", _JOIN), ("push", _PUSH), ("lease", _LEASE),
                             ("heartbeat", _HEARTBEAT), ("claim", _CLAIM),
                             ("take_over", _TAKE_OVER), ("leave", _LEAVE)):  # fmt: skip
            self.scripts[name] = self.server.register_script(_HELPERS + source)

    def key(self, name: str) -> str:
        return f"{self.prefix}:{name}"

    @property
    def inflight_key(self) -> str:
        return self.key(f"inflight:{self.worker.slot}")

    @property
    def pending_key(self) -> str:
        return self.key(f"pending:{self.worker.slot}")

    def _now(self) -> float:
        seconds, microseconds = self.server.time()
        return seconds + microseconds / 1_000_000

    # ------------------------------------------------------------------ joining

    def join(self) -> str:
        """Join the crawl: `joined` (a crawl in progress), `started` (a new crawl: none was in
        progress), or `over` (this slot was killed during a crawl that has ended since: nothing
        left to do). First, what this slot had in flight before a kill goes back to the queue,
        once the claims its files show written are confirmed."""
        self.refuse_a_live_twin()
        self.confirm_written(self.worker.files)
        self.take_over(self.worker.slot)  # (a new crawl clears it all anyway)
        keys = [self.key(name) for name in ("crawl", "workers", "leases", "busy", "absent")]
        args = [self.prefix, uuid.uuid4().hex, self.worker.slot, self.worker.info()]
        state, run_id = self.scripts["join"](keys=keys, args=args)
        self.run_id = run_id.decode() if isinstance(run_id, bytes) else str(run_id)
        self.over = state == 2
        return ("joined", "started", "over")[state]

    def refuse_a_live_twin(self) -> None:
        """Two live workers on one slot (the same -o on one host) would take each other's work
        and write one file. The slot's process (on this host: the slot names it) is looked at
        whatever its heartbeat: one stopped, or stalled past its lease, still writes once it
        goes on. Only where its start time is unknown (no /proc) may its pid be another
        program's by now: then its heartbeat must be recent too."""
        info = self.server.hget(self.key("workers"), self.worker.slot)
        if info is None:
            return
        other = json.loads(info)
        if other.get("pid") == self.worker.pid or not recorded_alive(other):
            return
        if other.get("started") is None:
            beat = self.server.zscore(self.key("leases"), self.worker.slot)
            if beat is None or self._now() - beat > self.lease_seconds:
                return
        files = ", ".join(self.worker.files)
        raise WorkerConflict(
            f"another worker of crawl {self.crawl_id} (pid {other['pid']}) writes {files}"
        )

    def confirm_written(self, files: Iterable[str], slot: str | None = None) -> int:
        """Claims of a slot (default: this worker's) still pending whose records its `files`
        hold: written, so kept. Only its own host can read them."""
        pending_key = self.key(f"pending:{slot or self.worker.slot}")
        pending = {m.decode() for m in self.server.smembers(pending_key)}
        if not pending:
            return 0
        written = [m for m in written_members(files) if m in pending]
        if written:
            self.server.srem(pending_key, *written)
        return len(written)

    # ------------------------------------------------------------------ the queue

    def push(self, data: bytes, score: float, fingerprint: str | None) -> bool:
        """Queue a request unless its fingerprint was queued before (None: always)."""
        keys = [self.key("crawl"), self.key("requests"), self.key("dupefilter")]
        args = [self.run_id, data, score, fingerprint or ""]
        (state,) = self._checked(self.scripts["push"](keys=keys, args=args))
        return state == b"queued"

    def lease(self, token: str) -> bytes | None:
        """The first queued request, now in this worker's flight under `token`."""
        keys = [self.key("crawl"), self.key("requests"), self.inflight_key]
        _, *found = self._checked(self.scripts["lease"](keys=keys, args=[self.run_id, token]))
        return found[0] if found else None

    def _checked(self, answer: list[bytes]) -> list[bytes]:
        """A script's answer, unless the crawl is over (`over` is set) or its frontier lost."""
        if answer[0] == b"over":
            self.over = True
        elif answer[0] == b"lost":
            raise FrontierLost(self.lost_message())
        return answer

    def queued(self) -> int:
        return int(self.server.zcard(self.key("requests")))

    def heartbeat(self, busy: bool, finished: Iterable[str] = ()) -> str:
        """This worker is alive (and busy); the `finished` leases are done. `alive`, `revived`
        (it had been taken for dead), or `over` (the crawl ended: nothing left anywhere; from
        then on `over` is set). FrontierLost when the crawl's run id is gone."""
        keys = [self.key("crawl"), self.key("leases"), self.key("busy"), self.inflight_key]
        args = [self.run_id, self.worker.slot, "1" if busy else "0", *finished]
        answer = self.scripts["heartbeat"](keys=keys, args=args)
        if answer == 0:
            raise FrontierLost(self.lost_message())
        if answer == 3:
            self.over = True
        return {1: "alive", 2: "revived", 3: "over"}[answer]

    def lost_message(self) -> str:
        return (
            f"Redis no longer holds crawl {self.crawl_id} (its run id {self.run_id} is gone:"
            " restarted without its data, or flushed); what was queued, in flight and claimed"
            " is lost: start the crawl again"
        )

    # ------------------------------------------------------------------ claims

    def claim(self, kind: str, key: str) -> bool:
        """First one wins: True when this worker is to export `key` (of `kind`)."""
        keys = [self.key(f"claims:{kind}"), self.pending_key]
        args = [key, self.worker.slot, f"{kind}\t{key}"]
        return bool(self.scripts["claim"](keys=keys, args=args))

    def confirm(self, kind: str, key: str) -> None:
        """The claimed record is written."""
        self.server.srem(self.pending_key, f"{kind}\t{key}")

    # ------------------------------------------------------------------ dead workers

    def take_over(self, slot: str, info: str = "", cutoff: float | None = None) -> int:
        """Requeue `slot`'s requests in flight and release its unwritten claims; -1 when the
        slot turned out alive (it joined again, or beat after `cutoff`)."""
        keys = [self.key("requests"), self.key("leases"), self.key("busy"), self.key("workers")]
        args = [self.prefix, slot, info, "" if cutoff is None else repr(cutoff)]
        return int(self.scripts["take_over"](keys=keys, args=args))

    def take_over_the_dead(self) -> dict[str, int]:
        """Every other slot whose heartbeat stopped `lease_seconds` ago, or whose process on
        this host is gone: slot -> requests put back in the queue."""
        cutoff = self._now() - self.lease_seconds
        leases = dict(self.server.zrange(self.key("leases"), 0, -1, withscores=True))
        taken = {}
        for raw, info in self.server.hgetall(self.key("workers")).items():
            slot = raw.decode()
            beat = leases.get(raw)
            if slot == self.worker.slot or beat is None:
                continue  # this worker, or one already taken over
            other = json.loads(info)
            here = other.get("host") == self.worker.host
            gone = here and not recorded_alive(other)
            if not (gone or beat <= cutoff):
                continue
            if here:  # its files are on this host: what they hold stays claimed
                self.confirm_written(other.get("files") or (), slot)
            if gone:
                requeued = self.take_over(slot, info=info.decode())
            else:
                requeued = self.take_over(slot, cutoff=cutoff)
            if requeued >= 0:
                taken[slot] = requeued
        return taken

    # ------------------------------------------------------------------ the end

    def leave(self, clear: bool = False) -> tuple[int, int, int, bool]:
        """This worker has nothing to do: (queued, other workers busy, requests in flight
        anywhere, whether the crawl is over). With `clear` and nothing left anywhere, this
        worker ends the crawl: its keys are deleted."""
        keys = [self.key("crawl"), self.key("requests"), self.key("busy"), self.key("absent")]
        args = [self.prefix, self.run_id, self.worker.slot, self.busy_seconds, int(clear)]
        answer = self.scripts["leave"](keys=keys, args=args)
        if answer == -1:
            raise FrontierLost(self.lost_message())
        queued, others, inflight, cleared = (int(n) for n in answer)
        return queued, others, inflight, bool(cleared)

    def depart(self) -> None:
        """This worker saw the crawl end: it is not `absent` (its next start is a new crawl)."""
        self.server.srem(self.key("absent"), self.worker.slot)

    def retire(self) -> None:
        """This worker has finished its part while the crawl goes on (others are busy): it
        leaves the crawl, so that it is not `absent` when the crawl ends."""
        slot = self.worker.slot
        with self.server.pipeline() as pipe:
            pipe.hdel(self.key("workers"), slot)
            pipe.zrem(self.key("leases"), slot)
            pipe.zrem(self.key("busy"), slot)
            pipe.delete(self.inflight_key, self.pending_key)
            pipe.execute()


def record_member(record: dict[str, Any]) -> str | None:
    """The claim a written record settles: `<kind>\\t<key>`."""
    if "error" in record:
        url = record.get("url")
        return f"error\t{url}" if isinstance(url, str) else None
    if record.get("type") == "breaking":
        return f"breaking\t{record.get('id')}"
    url = record.get("canonical_url")
    return f"article\t{url}" if isinstance(url, str) else None


def written_members(files: Iterable[str | Path]) -> Iterator[str]:
    """The claims the records in `files` settle (plain or gzip JSON Lines; lines that are not
    records are passed over, and so is a last record a kill cut off, line or gzip member: the
    worker cuts it off before appending, newscrawl/appending.py)."""
    for name in files:
        for line in _lines(Path(name)):
            try:
                record = json.loads(line)
            except (ValueError, RecursionError):
                continue
            if isinstance(record, dict) and (member := record_member(record)):
                yield member


def _lines(path: Path) -> Iterator[bytes]:
    try:
        yield from whole_lines(path)
    except OSError:  # not readable
        return
