"""The crawl report as one page to look at: `report.html`, written beside `report.json`.

One self-contained file: inline CSS and SVG charts drawn here, no script, nothing fetched (its
Content-Security-Policy forbids it). From a crawl's history (reports oldest first, the last one
being the run shown): the verdict with its reasons at the top, this run's figures, the drift
checks, then charts of pages and records per run, field coverage over runs, errors by kind per
run, and this run's articles by section and by day of publication.

Every figure is also in the DOM as text with a `data-*` name (`data-figure`, `data-field`,
`data-run`), for people, screen readers and tests alike.
"""

from __future__ import annotations

import html
from collections.abc import Collection, Sequence
from datetime import date, timedelta
from itertools import pairwise
from typing import Any

from newscrawl.drift import FALLBACK_WHAT, known_articles, points

RUNS_SHOWN = 30  # the charts and the table of runs show the latest runs only
DAYS_SHOWN = 120  # articles by day: the last days of the run's publication dates
PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2",
           "#7f7f7f", "#bcbd22", "#17becf")  # fmt: skip
CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d1d1f;
margin:0;background:#f5f5f7}
main{max-width:1060px;margin:0 auto;padding:20px 24px 40px}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:0 0 10px}
.sub{color:#555;margin:0 0 16px}
section{background:#fff;border-radius:8px;padding:16px 18px;margin:0 0 16px;
box-shadow:0 1px 2px rgba(0,0,0,.08)}
#verdict.ok{border-left:8px solid #1e8e3e}#verdict.failed{border-left:8px solid #c5221f}
.badge{display:inline-block;font-weight:700;color:#fff;border-radius:4px;padding:2px 10px}
.ok .badge{background:#1e8e3e}.failed .badge{background:#c5221f}
#verdict ul{margin:10px 0 0;padding-left:20px}#verdict li{margin:3px 0}
dl.figures{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:10px;
margin:0}
dl.figures div{background:#f5f5f7;border-radius:6px;padding:8px 10px}
dt{color:#555;font-size:12px}dd{margin:0;font-size:20px;font-weight:600}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:4px 8px;
border-bottom:1px solid #e5e5e5}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
tr.failed td{background:#fce8e6}tr.failed td.status{color:#c5221f;font-weight:700}
.grid{display:grid;grid-template-columns:1fr 1fr;gap:16px}.grid section{margin:0}
svg{max-width:100%;height:auto;display:block}
svg text{font:11px system-ui,sans-serif;fill:#333}
rect.drifted{stroke:#1d1d1f;stroke-width:3}.legend span{margin-right:14px}
.swatch{display:inline-block;width:10px;height:10px;margin-right:4px;border-radius:2px}
.note{color:#555}
"""


def esc(value: Any) -> str:
    return html.escape(str(value), quote=True)


def pct(share: float | None, digits: int = 1) -> str:
    return "n/a" if share is None else f"{share * 100:.{digits}f}%"


def number(value: float | None) -> str:
    if value is None:
        return "n/a"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def run_label(index: int) -> str:
    return f"#{index}"


# ---------------------------------------------------------------- charts (inline SVG)


def _svg(width: int, height: int, body: str, label: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}"'
        f' width="{width}" height="{height}" role="img" aria-label="{esc(label)}">{body}</svg>'
    )


def _nice_max(value: float) -> float:
    """A round axis top at or above `value`."""
    if value <= 0:
        return 1.0
    step = 10 ** (len(str(int(value))) - 1)
    for factor in (1, 2, 2.5, 5, 10):
        if value <= step * factor:
            return step * factor
    return step * 10


def line_chart(labels: Sequence[str], series: dict[str, Sequence[float]], label: str) -> str:
    """One line per series over the runs, each point labelled with its value."""
    width, height, left, right, top, bottom = 1000, 260, 50, 20, 16, 30
    top_value = _nice_max(max((v for values in series.values() for v in values), default=1))
    inner_w, inner_h = width - left - right, height - top - bottom
    step = inner_w / max(len(labels) - 1, 1)

    def x(i: int) -> float:
        return left + (i * step if len(labels) > 1 else inner_w / 2)

    def y(v: float) -> float:
        return top + inner_h - v / top_value * inner_h

    parts = []
    for tick in range(5):
        value = top_value * tick / 4
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(value):.1f}" y2="{y(value):.1f}"'
            f' stroke="#e5e5e5"/><text x="{left - 6}" y="{y(value) + 4:.1f}"'
            f' text-anchor="end">{number(value)}</text>'
        )
    for i, text in enumerate(labels):
        parts.append(
            f'<text x="{x(i):.1f}" y="{height - 10}" text-anchor="middle">{esc(text)}</text>'
        )
    for (name, values), color in zip(series.items(), PALETTE, strict=False):
        points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values))
        parts.append(f'<polyline fill="none" stroke="{color}" stroke-width="2" points="{points}"/>')
        for i, v in enumerate(values):
            parts.append(
                f'<g data-series="{esc(name)}" data-run="{esc(labels[i])}" data-value="{v:g}">'
                f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="3.5" fill="{color}"/>'
                f'<text x="{x(i):.1f}" y="{y(v) - 7:.1f}" text-anchor="middle">{number(v)}</text>'
                f"<title>{esc(name)}, run {esc(labels[i])}: {number(v)}</title></g>"
            )
    return _svg(width, height, "".join(parts), label) + _legend(list(series))


def _legend(names: Sequence[str]) -> str:
    items = "".join(
        f'<span><i class="swatch" style="background:{color}"></i>{esc(name)}</span>'
        for name, color in zip(names, PALETTE, strict=False)
    )
    return f'<div class="legend">{items}</div>'


def coverage_heatmap(
    labels: Sequence[str], rows: dict[str, Sequence[float | None]], drifted: Collection[str] = ()
) -> str:
    """Fields down, runs across; each cell the share of articles with the field. The last
    run's cells of the `drifted` fields are outlined."""
    cell_w, cell_h, left, top = 46, 20, 150, 18
    width = left + cell_w * len(labels) + 10
    height = top + cell_h * len(rows) + 6
    parts = [
        f'<text x="{left + cell_w * i + cell_w / 2:.0f}" y="12" text-anchor="middle">'
        f"{esc(text)}</text>"
        for i, text in enumerate(labels)
    ]
    for r, (field, shares) in enumerate(rows.items()):
        y = top + r * cell_h
        parts.append(f'<text x="{left - 8}" y="{y + 14}" text-anchor="end">{esc(field)}</text>')
        for i, share in enumerate(shares):
            x = left + i * cell_w
            fill = "#eee" if share is None else _shade(share)
            ink = "#fff" if share is not None and 0.25 < share < 0.75 else "#1d1d1f"
            text = "" if share is None else f"{share * 100:.0f}"
            outline = ' class="drifted"' if field in drifted and i == len(shares) - 1 else ""
            parts.append(
                f'<g data-field="{esc(field)}" data-run="{esc(labels[i])}"'
                f' data-value="{"" if share is None else f"{share:g}"}">'
                f'<rect x="{x}" y="{y}" width="{cell_w - 2}" height="{cell_h - 2}"'
                f' fill="{fill}"{outline}/>'
                f'<text x="{x + cell_w / 2 - 1:.0f}" y="{y + 13}" text-anchor="middle"'
                f' style="fill:{ink}">{text}</text>'
                f"<title>{esc(field)}, run {esc(labels[i])}: {pct(share)}</title></g>"
            )
    return _svg(width, height, "".join(parts), "field coverage over runs (% of articles)")


def _shade(share: float) -> str:
    """Red (0 %) through amber to green (100 %)."""
    stops = ((0.0, (197, 34, 31)), (0.5, (242, 153, 0)), (1.0, (30, 142, 62)))
    for (a, ca), (b, cb) in pairwise(stops):
        if share <= b:
            t = (share - a) / (b - a)
            rgb = [round(ca[k] + (cb[k] - ca[k]) * t) for k in range(3)]
            return "#{:02x}{:02x}{:02x}".format(*rgb)
    return "#1e8e3e"


def stacked_bars(labels: Sequence[str], stacks: dict[str, Sequence[int]], label: str) -> str:
    """One bar per run, stacked by kind."""
    width, height, left, bottom, top = 1000, 220, 50, 30, 14
    totals = [sum(values[i] for values in stacks.values()) for i in range(len(labels))]
    top_value = _nice_max(max(totals, default=0))
    inner_h = height - top - bottom
    slot = (width - left - 20) / max(len(labels), 1)
    bar = min(slot * 0.6, 60)
    parts = []
    for i, text in enumerate(labels):
        cx = left + slot * (i + 0.5)
        base = top + inner_h
        for (kind, values), color in zip(stacks.items(), PALETTE, strict=False):
            h = values[i] / top_value * inner_h
            if values[i]:
                parts.append(
                    f'<g data-kind="{esc(kind)}" data-run="{esc(text)}" data-value="{values[i]}">'
                    f'<rect x="{cx - bar / 2:.1f}" y="{base - h:.1f}" width="{bar:.1f}"'
                    f' height="{h:.1f}" fill="{color}"/>'
                    f"<title>{esc(kind)}, run {esc(text)}: {values[i]}</title></g>"
                )
            base -= h
        parts.append(
            f'<text x="{cx:.1f}" y="{base - 4:.1f}" text-anchor="middle">{totals[i]}</text>'
            f'<text x="{cx:.1f}" y="{height - 10}" text-anchor="middle">{esc(text)}</text>'
        )
    return _svg(width, height, "".join(parts), label) + _legend(list(stacks))


def horizontal_bars(items: Sequence[tuple[str, int]], label: str) -> str:
    width, row, left = 480, 20, 150
    top_value = max((v for _, v in items), default=1) or 1
    parts = []
    for r, (name, value) in enumerate(items):
        w = value / top_value * (width - left - 40)
        y = r * row
        parts.append(
            f'<g data-label="{esc(name)}" data-value="{value}">'
            f'<text x="{left - 8}" y="{y + 14}" text-anchor="end">{esc(name)}</text>'
            f'<rect x="{left}" y="{y + 3}" width="{w:.1f}" height="{row - 6}" fill="{PALETTE[0]}"/>'
            f'<text x="{left + w + 4:.1f}" y="{y + 14}">{value}</text></g>'
        )
    return _svg(width, max(row * len(items), row), "".join(parts), label)


def day_bars(items: Sequence[tuple[str, int]], label: str) -> str:
    """Articles per day of publication, one thin bar a day."""
    width, height, left, bottom, top = 480, 200, 30, 36, 14
    top_value = _nice_max(max((v for _, v in items), default=1))
    slot = (width - left - 10) / max(len(items), 1)
    inner_h = height - top - bottom
    parts = [
        f'<text x="{left - 4}" y="{top + 4}" text-anchor="end">{number(top_value)}</text>',
        f'<line x1="{left}" x2="{width - 10}" y1="{top + inner_h}" y2="{top + inner_h}"'
        ' stroke="#999"/>',
    ]
    for i, (day, value) in enumerate(items):
        h = value / top_value * inner_h
        x = left + slot * i
        parts.append(
            f'<g data-day="{esc(day)}" data-value="{value}"><rect x="{x + 1:.1f}"'
            f' y="{top + inner_h - h:.1f}" width="{max(slot - 2, 1):.1f}" height="{h:.1f}"'
            f' fill="{PALETTE[2]}"/><title>{esc(day)}: {value}</title></g>'
        )
    if items:
        for i, anchor, x in ((0, "start", left), (len(items) - 1, "end", width - 10)):
            parts.append(
                f'<text x="{x}" y="{height - 18}" text-anchor="{anchor}">{esc(items[i][0])}</text>'
            )
    return _svg(width, height, "".join(parts), label)


def day_series(by_day: dict[str, int], most: int = DAYS_SHOWN) -> list[tuple[str, int]]:
    """Articles per calendar day, days without articles included, over the last `most` days
    that have dated articles (`(no date)` left out)."""
    dated = {}
    for day, count in by_day.items():
        try:
            dated[date.fromisoformat(day)] = count
        except ValueError:
            continue
    if not dated:
        return []
    last = max(dated)
    first = max(min(dated), last - timedelta(days=most - 1))
    span = (last - first).days + 1
    days = [first + timedelta(days=n) for n in range(span)]
    return [(day.isoformat(), dated.get(day, 0)) for day in days]


# ---------------------------------------------------------------- the page


def _title(report: dict[str, Any]) -> str:
    crawl = report.get("crawl") or {}
    what = ", ".join(
        str(v) for v in (crawl.get("site"), crawl.get("spider"), crawl.get("mode")) if v
    )
    if crawl.get("incremental"):
        what += ", incremental"
    return what or "crawl"


def _verdict(report: dict[str, Any]) -> str:
    verdict = report.get("verdict", {})
    failed = bool(verdict.get("failed"))
    reasons = "".join(f'<li class="reason">{esc(r)}</li>' for r in verdict.get("reasons", []))
    drift = report.get("drift", {})
    runs = drift.get("baseline_runs", 0)
    if drift.get("accepted"):
        note = "This run was accepted as the start of a new baseline (NEWSCRAWL_DRIFT_ACCEPT)."
    elif runs:
        note = f"Compared with the baseline of {runs} earlier successful run{'s' * (runs != 1)}."
    else:
        note = "No earlier successful run of this crawl: judged on this run alone."
    return (
        f'<section id="verdict" class="{"failed" if failed else "ok"}"'
        f' data-failed="{str(failed).lower()}">'
        f'<h2><span class="badge">{"FAILED" if failed else "OK"}</span> '
        f"{'the crawl failed' if failed else 'the crawl did its job'}</h2>"
        f'<p class="note">{esc(note)}</p>'
        + (f"<ul>{reasons}</ul>" if reasons else "")
        + "</section>"
    )


def _figures(report: dict[str, Any]) -> str:
    errors = sum(report.get("errors_by_kind", {}).values())
    figures = [
        ("pages-fetched", "pages fetched", number(report["pages_fetched"])),
        ("records", "records", number(sum(report.get("records_by_type", {}).values()))),
        ("articles", "articles found", number(report["articles"] + known_articles(report))),
        ("errors", "error records", number(errors)),
        ("median-body", "median body (characters)", number(report.get("median_body_chars"))),
        ("elapsed", "seconds", number(report.get("elapsed_seconds"))),
    ]
    for source, share in (report.get("fallback_share") or {}).items():
        what = FALLBACK_WHAT.get(source, source)
        figures.append((f"fallback-{source}", f"pages read without {what}", pct(share)))
    cells = "".join(
        f'<div><dt>{esc(text)}</dt><dd id="{key}" data-figure="{key}">{esc(value)}</dd></div>'
        for key, text, value in figures
    )
    return f'<section id="figures"><h2>This run</h2><dl class="figures">{cells}</dl></section>'


def _check_value(kind: str, value: float) -> str:
    return pct(value) if kind in ("coverage", "fallback") else number(value)


def _checks(report: dict[str, Any]) -> str:
    checks = report.get("drift", {}).get("checks", [])
    if not checks:
        return ""
    rows = []
    for check in checks:
        kind, name = check["figure"].split("/")[0], check["figure"].split("/", 1)[-1]
        label = {
            "coverage": f"{name} coverage",
            "fallback": f"read without {FALLBACK_WHAT.get(name, name)}",
            "errors": f"new error kind {name}",
            "articles": "articles found",
            "median_body_chars": "median body length",
        }[kind]
        if kind in ("coverage", "fallback"):
            limit = f"{points(check['limit'])} points"
        elif kind == "errors":
            limit = f"{check['limit']:g} records"
        else:
            limit = f"a fall of {check['limit']:.0%}"
        state = "failed" if check["failed"] else "ok"
        rows.append(
            f'<tr data-figure="{esc(check["figure"])}" class="{state}"'
            f' data-failed="{str(check["failed"]).lower()}"><td>{esc(label)}</td>'
            f'<td class="num baseline">{_check_value(kind, check["baseline"])}</td>'
            f'<td class="num now">{_check_value(kind, check["now"])}</td>'
            f'<td class="num">{esc(limit)}</td>'
            f'<td class="status">{"drifted" if check["failed"] else "ok"}</td></tr>'
        )
    return (
        '<section id="drift"><h2>This run against its baseline</h2><table>'
        '<tr><th>figure</th><th class="num">baseline</th><th class="num">this run</th>'
        '<th class="num">threshold</th><th>status</th></tr>' + "".join(rows) + "</table></section>"
    )


def _runs_table(runs: Sequence[dict[str, Any]], labels: Sequence[str]) -> str:
    rows = []
    for label, run in zip(labels, runs, strict=True):
        failed = run.get("verdict", {}).get("failed")
        rows.append(
            f'<tr data-run="{esc(label)}"><td>{esc(label)}</td>'
            f'<td>{esc(run.get("finished_at", ""))}</td><td class="num">{run["pages_fetched"]}</td>'
            f'<td class="num">{sum(run.get("records_by_type", {}).values())}</td>'
            f'<td class="num">{run["articles"] + known_articles(run)}</td>'
            f'<td class="num">{sum(run.get("errors_by_kind", {}).values())}</td>'
            f'<td class="status">{"FAILED" if failed else "ok"}</td></tr>'
        )
    return (
        '<section id="runs"><h2>Runs</h2><table><tr><th>run</th><th>finished (UTC)</th>'
        '<th class="num">pages</th><th class="num">records</th><th class="num">articles</th>'
        '<th class="num">errors</th><th>verdict</th></tr>'
        + "".join(reversed(rows))
        + "</table></section>"
    )


def render_report(history: Sequence[dict[str, Any]], runs_shown: int = RUNS_SHOWN) -> str:
    """The page for the last report of `history` (reports oldest first), with the earlier
    runs in its charts."""
    if not history:
        raise ValueError("no run to show")
    first = max(len(history) - runs_shown, 0)
    runs = list(history[first:])
    labels = [run_label(first + i + 1) for i in range(len(runs))]
    report = runs[-1]
    per_run = {
        "pages fetched": [run["pages_fetched"] for run in runs],
        "records": [sum(run.get("records_by_type", {}).values()) for run in runs],
        "articles found": [run["articles"] + known_articles(run) for run in runs],
        "error records": [sum(run.get("errors_by_kind", {}).values()) for run in runs],
    }
    fields = list(report.get("field_coverage", {}))
    coverage = {
        field: [run.get("field_coverage", {}).get(field) if run["articles"] else None
                for run in runs]
        for field in fields
    }  # fmt: skip
    drifted = {
        check["figure"].removeprefix("coverage/")
        for check in report.get("drift", {}).get("checks", [])
        if check["failed"] and check["figure"].startswith("coverage/")
    }
    kinds = sorted({kind for run in runs for kind in run.get("errors_by_kind", {})})
    errors = {kind: [run.get("errors_by_kind", {}).get(kind, 0) for run in runs] for kind in kinds}
    sections = list((report.get("articles_by_section") or {}).items())
    days = day_series(report.get("articles_by_day") or {})
    title = f"Crawl report: {_title(report)}"
    body = [
        f"<h1>{esc(title)}</h1>",
        f'<p class="sub">run {esc(labels[-1])}, finished {esc(report.get("finished_at", "?"))}'
        f" ({esc(report.get('finish_reason', '?'))}); {len(history)} run"
        f"{'s' * (len(history) != 1)} in the history</p>",
        _verdict(report),
        _figures(report),
        _checks(report),
        '<section id="per-run"><h2>Pages and records per run</h2>'
        + line_chart(labels, per_run, "pages and records per run")
        + "</section>",
        '<section id="coverage"><h2>Field coverage over runs (% of articles)</h2>'
        + coverage_heatmap(labels, coverage, drifted)
        + "</section>",
        '<section id="error-kinds"><h2>Errors by kind</h2>'
        + (stacked_bars(labels, errors, "error records by kind per run") if kinds
           else '<p class="note">No error records in these runs.</p>')
        + "</section>",
        '<div class="grid"><section id="sections"><h2>Articles by section (this run)</h2>'
        + horizontal_bars(sections, "articles by section")
        + '</section><section id="days"><h2>Articles by day of publication (this run)</h2>'
        + day_bars(days, "articles by day of publication")
        + "</section></div>",
        _runs_table(runs, labels),
    ]  # fmt: skip
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\';'
        " style-src 'unsafe-inline'; img-src data:\">"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>{CSS}</style></head>\n<body><main>"
        + "\n".join(body)
        + "</main></body></html>\n"
    )
