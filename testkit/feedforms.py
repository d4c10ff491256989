"""The generic fixture site (fixtures/generic-site) rebuilt so that each of its four articles is
reachable through one sitemap or feed form only, for crawls that prove each form is walked:

- robots.txt names a sitemap index (`/sitemap-index.xml`) and a decompression bomb
  (`/sitemap-bomb.xml.gz`, 64 MiB of zeros in 64 KiB of gzip);
- the index lists a gzipped Google News sitemap (`/sitemap-news.xml.gz`, served as
  `application/x-gzip` with no Content-Encoding: article C, the page without a date of its own)
  and a plain-text sitemap (`/sitemap-pages.txt`: article A);
- the home page links no article; it names an RSS feed whose items have no `<link>`, only a
  `<guid>` (article B as a permalink; the dead link as `isPermaLink="false"`, not to be
  followed) and a JSON Feed (`/feed.json`: article D; an item whose id is not a URL).

    python -m testkit.feedforms DIR      # writes the replay folder
"""

from __future__ import annotations

import gzip
import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GENERIC_SITE = ROOT / "fixtures" / "generic-site"
HOST = "news.example.org"
BASE = f"https://{HOST}"
ARTICLE_A = f"{BASE}/2025/11/20/city-council-approves-new-bike-lanes"
ARTICLE_B = f"{BASE}/2025/11/19/water-utility-plans-pipe-renewal-across-three-districts"
ARTICLE_C = f"{BASE}/2025/11/18/library-extends-opening-hours-for-exam-season"
ARTICLE_D = f"{BASE}/2025/11/17/opinion-why-our-parks-need-more-shade-trees"
DEAD_LINK = f"{BASE}/2025/11/16/riverside-market-returns-for-the-winter"
BOMB = f"{BASE}/sitemap-bomb.xml.gz"
BOMB_SIZE = 64 * 1024 * 1024
FETCHED_AT = "2026-11-20T10:00:00+00:00"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"


def save(root: Path, path: str, body: bytes, content_type: str, name: str = "body") -> None:
    """One saved answer of the site, in the replay format."""
    folder = root / HOST / (path.strip("/").replace("/", "_") or "_home")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(body)
    info = {"url": f"{BASE}{path}", "status": 200, "headers": {"Content-Type": content_type},
            "fetched_at": FETCHED_AT}  # fmt: skip
    (folder / "info.json").write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")


def news_sitemap() -> bytes:
    """The site's Google News sitemap, keeping only article C's entry (with its date)."""
    text = (GENERIC_SITE / HOST / "news-sitemap.xml" / "body.xml").read_text(encoding="utf-8")
    head, _, rest = text.partition("<url>")
    entries = ["<url>" + part for part in rest.split("<url>")]
    (kept,) = [entry for entry in entries if ARTICLE_C in entry]
    closing = "</urlset>\n" if not kept.rstrip().endswith("</urlset>") else ""
    return (head + kept + closing).encode("utf-8")


def rss_with_guids_only() -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Example News</title><link>{BASE}/</link>
<item><title>Water utility plans pipe renewal</title>
  <guid isPermaLink="true">{ARTICLE_B}</guid></item>
<item><title>Riverside market returns</title>
  <guid isPermaLink="false">{DEAD_LINK}</guid></item>
</channel></rss>
""".encode()


def json_feed() -> bytes:
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Example News",
        "home_page_url": f"{BASE}/",
        "items": [
            {"id": "post-1117", "url": ARTICLE_D, "title": "Why our parks need more shade trees"},
            {"id": "post-1116", "title": "An item with no URL", "content_text": "..."},
        ],
    }
    return json.dumps(feed, indent=2).encode("utf-8")


def home_page() -> bytes:
    """The home page with no article link, naming the RSS feed and the JSON Feed."""
    html = (GENERIC_SITE / HOST / "_home" / "body.html").read_text(encoding="utf-8")
    head, _, rest = html.partition("<main>")
    _, _, tail = rest.partition("</main>")
    feeds = ('<link rel="alternate" type="application/feed+json" title="Example News (JSON)"'
             ' href="/feed.json">\n')  # fmt: skip
    head = head.replace("</head>", feeds + "</head>")
    return (head + "<main><h1>Latest news</h1></main>" + tail).encode("utf-8")


def build(dest: Path) -> Path:
    """Write the replay folder to `dest` (which must not exist); return it."""
    shutil.copytree(GENERIC_SITE / HOST / "2025", dest / HOST / "2025")
    robots = (f"User-agent: *\nDisallow: /search\n\nSitemap: {BASE}/sitemap-index.xml\n"
              f"Sitemap: {BOMB}\n")  # fmt: skip
    save(dest, "/robots.txt", robots.encode(), "text/plain; charset=utf-8")
    children = "".join(f"<sitemap><loc>{BASE}/{name}</loc></sitemap>\n"
                       for name in ("sitemap-news.xml.gz", "sitemap-pages.txt"))  # fmt: skip
    index = (f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{SITEMAP_NS}">\n'
             f"{children}</sitemapindex>\n")  # fmt: skip
    save(dest, "/sitemap-index.xml", index.encode(), "application/xml")
    packed = gzip.compress(news_sitemap(), mtime=0)
    save(dest, "/sitemap-news.xml.gz", packed, "application/x-gzip", "body.gz")
    save(dest, "/sitemap-pages.txt", f"{ARTICLE_A}\n".encode(), "text/plain", "body.txt")
    bomb = gzip.compress(b"\0" * BOMB_SIZE, compresslevel=9, mtime=0)
    save(dest, "/sitemap-bomb.xml.gz", bomb, "application/x-gzip", "body.gz")
    save(dest, "/", home_page(), "text/html; charset=utf-8", "body.html")
    save(dest, "/feed.xml", rss_with_guids_only(), "application/rss+xml", "body.xml")
    save(dest, "/feed.json", json_feed(), "application/feed+json", "body.json")
    return dest


if __name__ == "__main__":
    print(build(Path(sys.argv[1])))
