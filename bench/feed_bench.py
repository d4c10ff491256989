"""Benchmark: newscrawl's feed reader (lxml, safe parser) against feedparser, on every feed form.

In one run, for each form (RSS 2.0 with `<link>`, RSS with only a permalink `<guid>`, RSS 1.0,
Atom, JSON Feed; each with 200 items), it checks that each reader gives the expected item links
(correctness), then times both, interleaved A B B A, best of --repeat, CPU time per feed. Then
safety: an entity-expansion ("billion laughs") feed and an external-entity (XXE) feed, each
reader's time and whether the secret or the expansion came out.

    pip install feedparser && python bench/feed_bench.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import platform
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from newscrawl.extraction.feeds import feed_links

ITEMS = 200
URL = "https://news.example.org/2025/11/{n}/story-number-{n}"


def urls() -> list[str]:
    return [URL.format(n=n) for n in range(ITEMS)]


def rss(item: Callable[[str], str]) -> bytes:
    items = "".join(f"<item><title>Story</title>{item(u)}<description>Text of the story, "
                    f"a sentence or two.</description></item>\n" for u in urls())  # fmt: skip
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>{items}'
            "</channel></rss>").encode()  # fmt: skip


def forms() -> dict[str, bytes]:
    rdf = "".join(f'<item rdf:about="{u}"><title>S</title><link>{u}</link></item>' for u in urls())
    atom = "".join(f'<entry><title>S</title><link rel="alternate" href="{u}"/><id>{u}</id>'
                   "<updated>2025-11-20T10:00:00Z</updated></entry>" for u in urls())  # fmt: skip
    json_feed = {"version": "https://jsonfeed.org/version/1.1", "title": "x",
                 "items": [{"id": str(n), "url": u} for n, u in enumerate(urls())]}  # fmt: skip
    return {
        "RSS 2.0 <link>": rss(lambda u: f"<link>{u}</link>"),
        "RSS 2.0 <guid> only": rss(lambda u: f'<guid isPermaLink="true">{u}</guid>'),
        "RSS 1.0 (RDF)": (
            '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
            f' xmlns="http://purl.org/rss/1.0/"><channel><title>x</title></channel>{rdf}</rdf:RDF>'
        ).encode(),
        "Atom": f'<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title>{atom}</feed>'.encode(),
        "JSON Feed": json.dumps(json_feed).encode(),
    }


def with_feedparser(body: bytes) -> list[str]:
    import feedparser

    return [entry.get("link") for entry in feedparser.parse(body).entries if entry.get("link")]


READERS: dict[str, Callable[[bytes], list[str]]] = {
    "newscrawl": feed_links,
    "feedparser": with_feedparser,
}


def cpu_time(reader: Callable[[bytes], list[str]], body: bytes, rounds: int) -> float:
    start = time.process_time()
    for _ in range(rounds):
        reader(body)
    return (time.process_time() - start) / rounds


def safety(secret_dir: Path) -> dict[str, bytes]:
    secret = secret_dir / "secret.txt"
    secret.write_text("TOP-SECRET")
    entities = ['<!ENTITY l0 "lol">'] + [
        f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 9)
    ]
    laughs = ('<?xml version="1.0"?><!DOCTYPE rss [' + "".join(entities) + "]>"
              '<rss version="2.0"><channel><item><link>https://a.example/&l8;</link></item>'
              "</channel></rss>").encode()  # fmt: skip
    xxe = (f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file://{secret}">]>'
           '<rss version="2.0"><channel><item><link>https://a.example/&x;</link></item>'
           "</channel></rss>").encode()  # fmt: skip
    return {"billion laughs (10^8 'lol')": laughs, "external entity (file://)": xxe}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"{platform.machine()}, Python {platform.python_version()}, {ITEMS} items a feed; "
          "CPU ms per feed, best of", args.repeat)  # fmt: skip
    print("| form | newscrawl links | feedparser links | newscrawl ms | feedparser ms | ratio |")
    print("|---|---|---|---:|---:|---:|")
    expected = urls()
    for name, body in forms().items():
        correct = {n: reader(body) == expected for n, reader in READERS.items()}
        best = {n: float("inf") for n in READERS}
        for _ in range(args.repeat):
            for reader in ("newscrawl", "feedparser", "feedparser", "newscrawl"):  # A B B A
                best[reader] = min(best[reader], cpu_time(READERS[reader], body, 3))
        ours, theirs = best["newscrawl"] * 1000, best["feedparser"] * 1000
        print(f"| {name} | {'right' if correct['newscrawl'] else 'WRONG'} | "
              f"{'right' if correct['feedparser'] else 'WRONG'} | {ours:.2f} | {theirs:.2f} | "
              f"{theirs / ours:.1f}x |")  # fmt: skip
    print("\n| hostile feed | reader | CPU s | longest link | secret leaked |")
    print("|---|---|---:|---:|---|")
    with tempfile.TemporaryDirectory() as folder:
        for name, body in safety(Path(folder)).items():
            for reader, read in READERS.items():
                start = time.process_time()
                links = read(body)
                spent = time.process_time() - start
                longest = max((len(link) for link in links), default=0)
                leaked = any("TOP-SECRET" in link for link in links)
                print(f"| {name} | {reader} | {spent:.3f} | {longest} | {leaked} |")


if __name__ == "__main__":
    main()
