"""How often the default drift thresholds fail a run of a site that did NOT change, and how
often they catch one whose field coverage did.

Simulates runs of a site: each run exports `n` articles, each of which has each field
independently with the field's true share (a site's articles differ from run to run; the share
does not). Each run is judged (newscrawl/drift.py, default thresholds) against the median of the 5
runs before it, as a scheduled crawl is. Prints, per article count, the share of runs failed on
coverage by chance (unchanged site, per true share), then the share of runs failed after a
field's true share fell (changed site), with a fixed seed. Real sites also change their mix of
articles from run to run (a day of live coverage without authors): that is a real change of the
figures, which the thresholds (settings) are there to weigh.

    python bench/drift_noise.py [--runs 2000] [--seed 18]
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from newscrawl.drift import Thresholds, judge

SHARES = (0.13, 0.26, 0.5, 0.76, 0.92, 0.99)
SIZES = (20, 38, 100, 1000)
# A field's true share before and after a change of the site.
FALLS = ((1.0, 0.0), (0.99, 0.7), (0.76, 0.38), (0.5, 0.25), (0.26, 0.1), (0.13, 0.0))


def simulated_run(rng: random.Random, articles: int, shares: dict | None = None) -> dict:
    shares = shares or {f"f{share}": share for share in SHARES}
    coverage = {
        name: sum(rng.random() < share for _ in range(articles)) / articles
        for name, share in shares.items()
    }
    return {
        "crawl": None,
        "articles": articles,
        "field_coverage": coverage,
        "counters": {},
        "errors_by_kind": {},
        "verdict": {"failed": False},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=18)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    thresholds = Thresholds()
    print("articles per run | " + " | ".join(f"share {s:.0%}" for s in SHARES) + " | any field")
    for size in SIZES:
        history = [simulated_run(rng, size) for _ in range(5)]
        failures = dict.fromkeys(SHARES, 0)
        any_field = 0
        for _ in range(args.runs):
            now = simulated_run(rng, size)
            judged = judge(now, history[-5:], thresholds)
            failed = {c.figure for c in judged.checks if c.failed}
            for share in SHARES:
                failures[share] += f"coverage/f{share}" in failed
            any_field += bool(failed)
            history.append(now)
        cells = " | ".join(f"{failures[s] / args.runs:.2%}" for s in SHARES)
        print(f"{size} | {cells} | {any_field / args.runs:.2%}")
    print("\narticles per run | " + " | ".join(f"{a:.0%} -> {b:.0%}" for a, b in FALLS))
    for size in SIZES:
        caught = []
        for before, after in FALLS:
            hits = 0
            for _ in range(args.runs // 10):
                history = [simulated_run(rng, size, {"f": before}) for _ in range(5)]
                now = simulated_run(rng, size, {"f": after})
                hits += any(c.failed for c in judge(now, history, thresholds).checks)
            caught.append(hits / (args.runs // 10))
        print(f"{size} | " + " | ".join(f"{c:.0%}" for c in caught))


if __name__ == "__main__":
    main()
