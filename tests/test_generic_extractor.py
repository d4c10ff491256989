"""The generic extractor: its parts on small pages written here, and its accuracy on real
pages nobody on the team wrote (fixtures/fundus, the Fundus project's test pages)."""

from __future__ import annotations

import re
from functools import cache
from zoneinfo import ZoneInfo

import lxml.html
import pytest

from newscrawl.extraction.generic import read_article
from newscrawl.normalize.text import strip_site_suffix
from newscrawl.processing import record_for_page
from newscrawl.profile import H1_FIRST, OG_TITLE_FIRST, SiteProfile, news_site
from newscrawl.profiles import all_profiles, profile_for, profile_named
from newscrawl.schema import validate_record
from testkit.devset import DevPage, fundus_eval, fundus_fixtures
from testkit.evaluation import Score, record_values, score_page
from tests.helpers import CRAWLED_AT, FIXTURES

HTML = {"Content-Type": "text/html; charset=utf-8"}
URL = "https://news.example.org/2025/11/20/council-approves-new-bike-lanes"


def page(head: str, body: str) -> bytes:
    return f"<html lang='en'><head>{head}</head><body>{body}</body></html>".encode()


PARAGRAPHS = "".join(
    f"<p>Paragraph {n} of the story tells the council's decision in plain words, at length.</p>"
    for n in range(6)
)


def test_json_ld_in_a_graph_with_people_and_an_organisation() -> None:
    ld = (
        '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": ['
        '{"@type": "WebPage", "url": "' + URL + '"},'
        '{"@type": "NewsArticle", "headline": "Council approves new bike lanes",'
        ' "datePublished": "2025-11-20T09:30:00+01:00",'
        ' "author": [{"@type": "Person", "name": "Ana Ruiz"}, {"@type": "Organization",'
        ' "name": "Example News Desk"}], "keywords": ["Cycling", "cycling", "Council"],'
        ' "publisher": {"@type": "Organization", "name": "Example News"}}]}</script>'
    )
    record = record_for_page(URL, page(ld, f"<article><h1>x</h1>{PARAGRAPHS}</article>"), 200,
                             HTML, CRAWLED_AT)  # fmt: skip
    assert validate_record(record) == []
    assert record["headline"] == "Council approves new bike lanes"
    assert [(a["name"], a["kind"]) for a in record["authors"]] == [
        ("Ana Ruiz", "person"),
        ("Example News Desk", "organization"),
    ]
    assert record["published_at"] == "2025-11-20T09:30:00+01:00"  # the page's own offset
    assert record["tags"] == ["Cycling", "Council"]
    assert record["publisher"] == "Example News"
    assert record["site"] == "news.example.org" and record["language"] == "en"
    assert len(record["body"]) == 6


def test_meta_tags_a_by_line_and_text_in_divs() -> None:
    head = (
        '<meta property="og:type" content="article">'
        '<meta property="og:title" content="Water utility renews pipes | Example News">'
        '<meta property="og:site_name" content="Example News">'
        '<meta property="article:published_time" content="2025-11-19T16:05:00Z">'
        '<meta name="author" content="By Jane Rivera">'
    )
    divs = "".join(
        f'<div class="para">Sentence {n} about the pipe renewal programme, long enough.</div>'
        for n in range(5)
    )
    body = f'<main><div class="story">{divs}<div class="share"><a href="/x">Share</a></div>'
    record = record_for_page(URL, page(head, body + "</div></main>"), 200, HTML, CRAWLED_AT)
    assert record["headline"] == "Water utility renews pipes"
    assert [a["name"] for a in record["authors"]] == ["Jane Rivera"]
    assert record["byline_raw"] == "By Jane Rivera"
    assert record["published_at"] == "2025-11-19T16:05:00+00:00"
    assert [b["text"][:10] for b in record["body"]] == ["Sentence 0", "Sentence 1", "Sentence 2",
                                                         "Sentence 3", "Sentence 4"]  # fmt: skip


def test_a_page_without_article_markup_is_not_an_article() -> None:
    record = record_for_page(URL, page("<title>Home</title>", "<p>Welcome</p>"), 200, HTML,
                             CRAWLED_AT)  # fmt: skip
    assert record["error"]["kind"] == "not_article"


@pytest.mark.parametrize(
    ("headline", "expected"),
    [
        ("Council approves bike lanes | Example News", "Council approves bike lanes"),
        ("Council approves bike lanes - Example News", "Council approves bike lanes"),
        ("Kyiv - Moscow talks resume", "Kyiv - Moscow talks resume"),  # not the site's name
    ],
)
def test_site_name_suffix(headline: str, expected: str) -> None:
    assert strip_site_suffix(headline, ["Example News", "example"]) == expected


@pytest.mark.parametrize(
    ("headline", "expected"),
    [
        # Site names in other scripts are names too (Mainichi Shimbun's og:title).
        ("停戦「最も合意に近い」 - 毎日新聞", "停戦「最も合意に近い」"),
        ("Steigende US-Zinsen setzen Dax zu | Börsen-Zeitung", "Steigende US-Zinsen setzen Dax zu"),
        # A name with no Latin letters never matches every tail (it once folded to "").
        ("Kyiv - Moscow talks resume", "Kyiv - Moscow talks resume"),
        # East Asian titles' bars, written without spaces: the full-width bar, and the Hangul
        # letter ㅣ Korean sites use as one; a bar before another word is the headline's own.
        ("停戦「最も合意に近い」｜毎日新聞", "停戦「最も合意に近い」"),
        ("停戦 ｜ 毎日新聞", "停戦"),
        ("정부, 예산안 발표ㅣ毎日新聞", "정부, 예산안 발표"),
        ("停戦｜最も合意に近い", "停戦｜最も合意に近い"),
    ],
)
def test_site_names_in_any_script(headline: str, expected: str) -> None:
    assert strip_site_suffix(headline, ["毎日新聞", "Börsen-Zeitung", "mainichi"]) == expected


# ---------------------------------------------------------------- profiles


HEADLINES = page(
    '<meta property="og:type" content="article">'
    '<meta property="og:title" content="Share title">'
    '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Search headline",'
    ' "datePublished": "2025-11-20T09:30:00+01:00"}</script>',
    f"<article><h1><span class='kicker'>Kicker</span> Page headline</h1>{PARAGRAPHS}</article>",
)


def headline_with(profile: SiteProfile) -> str | None:
    item = read_article(lxml.html.fromstring(HEADLINES), URL, profile, 200, CRAWLED_AT)
    return item.headline


@pytest.mark.parametrize(
    ("sources", "headline"),
    [
        (None, "Search headline"),  # the generic rule: JSON-LD first
        (OG_TITLE_FIRST, "Share title"),
        (H1_FIRST, "Kicker Page headline"),
        (("xpath://h1/text()", "h1"), "Page headline"),
        (("twitter:title", "xpath://h2", "title", "og:title"), "Share title"),  # first found
    ],
)
def test_a_profile_says_where_the_headline_comes_from(
    sources: tuple[str, ...] | None, headline: str
) -> None:
    profile = news_site("paper", "news.example.org", "Paper", "en", None, headline_sources=sources)
    assert headline_with(profile) == headline


@pytest.mark.parametrize("source", ["og", "xpath://h1[", "H1"])
def test_a_mistyped_headline_source_fails_when_the_profile_is_made(source: str) -> None:
    with pytest.raises(ValueError, match="paper"):
        news_site("paper", "news.example.org", "Paper", "en", None, headline_sources=(source,))


def test_a_site_profile_is_found_by_its_host_or_an_alias_and_can_be_set_aside() -> None:
    zdf = profile_named("zdf")
    assert profile_for("https://www.zdf.de/nachrichten/a-100.html") is zdf
    assert profile_for("https://www.zdfheute.de/politik/b-100.html") is zdf
    assert zdf.headline_sources == OG_TITLE_FIRST and zdf.zone == ZoneInfo("Europe/Berlin")
    generic_only = True
    assert profile_for("https://www.zdfheute.de/politik/b-100.html", generic_only).name == "generic"
    almayadeen = profile_for("https://english.almayadeen.net/news/politics/x", generic_only)
    assert almayadeen.name == "almayadeen-en"


# ---------------------------------------------------------------- real pages


@cache
def development_set() -> list[DevPage]:
    root = FIXTURES / "fundus"
    return fundus_fixtures(root / "fundus-fixtures") + fundus_eval(root / "fundus-eval")


def score_set(generic_only: bool = False) -> Score:
    results = []
    for dev in development_set():
        profile = profile_for(dev.url, generic_only)
        record = record_for_page(dev.url, dev.html, 200, {"Content-Type": "text/html"}, CRAWLED_AT,
                                 profile)  # fmt: skip
        assert validate_record(record) == [], dev.name
        got = None if "error" in record else record_values(record)
        results.append(score_page(dev.expected, got))
    return Score.of(results)


@cache
def scores() -> Score:
    return score_set()


@cache
def generic_scores() -> Score:
    return score_set(generic_only=True)


def test_the_development_set_is_there() -> None:
    assert len(development_set()) == 178


@pytest.mark.parametrize(
    ("field", "floor", "generic_floor"),
    # Measured on this subset when issue 15's second round closed: with the shipped site profiles
    # headline 0.969, authors 0.867, date 0.988, body 0.941; the generic rule alone (no profile)
    # the same but headline 0.864. The profiles' headline sources were chosen on these
    # publishers' pages (see docs/site-profiles.md), so the first column is in-sample; the second
    # is not. The floors are what was reached: a change that loses accuracy fails here.
    [
        ("headline", 0.969, 0.864),
        ("authors", 0.867, 0.867),
        ("date", 0.987, 0.987),
        ("body_f1", 0.940, 0.940),
    ],
)
def test_accuracy_on_real_pages(field: str, floor: float, generic_floor: float) -> None:
    assert scores().mean(field) >= floor
    assert generic_scores().mean(field) >= generic_floor


# ---------------------------------------------------------------- visible dates


# news.example.org's profile names no time zone: a time shown without an offset is read as UTC.
@pytest.mark.parametrize(
    ("date_line", "published_at"),
    [
        ("<p>Do 20.11.25 | 09:30 Uhr | Von Eva Muster</p>", "2025-11-20T09:30:00+00:00"),
        ("<div class='byline'>By Jane Rivera | November 19, 2025</div>",
         "2025-11-19T00:00:00+00:00"),
        ("<p>Veröffentlicht am 19. November 2025 um 16:05</p>", "2025-11-19T16:05:00+00:00"),
    ],
)  # fmt: skip
def test_a_page_without_metadata_is_dated_by_the_line_under_its_headline(
    date_line: str, published_at: str
) -> None:
    body = f"<h1>Council approves new bike lanes</h1>{date_line}{PARAGRAPHS * 2}"
    record = record_for_page(URL, page("<title>Bike lanes</title>", body), 200, HTML, CRAWLED_AT)
    assert record["headline"] == "Council approves new bike lanes"
    assert record["published_at"] == published_at


def test_a_labelled_date_line_after_the_story_dates_the_page() -> None:
    info = (
        "<ul class='smallList'><li><strong>Datum</strong> 19.11.2025</li>"
        "<li><strong>Autor</strong> Jana Muster</li></ul>"
    )
    body = f"<h1>Council approves new bike lanes</h1><div>{PARAGRAPHS * 2}</div>{info}"
    record = record_for_page(URL, page("", body), 200, HTML, CRAWLED_AT)
    assert record["published_at"] == "2025-11-19T00:00:00+00:00"


def test_a_metadata_date_wins_over_a_visible_one() -> None:
    head = '<meta property="article:published_time" content="2025-11-19T16:05:00+01:00">'
    body = f"<h1>Council approves new bike lanes</h1><p>Do 20.11.25 | 09:30 Uhr</p>{PARAGRAPHS}"
    record = record_for_page(URL, page(head, body), 200, HTML, CRAWLED_AT)
    assert record["published_at"] == "2025-11-19T16:05:00+01:00"


def test_a_date_in_a_sentence_is_not_a_date_line() -> None:
    """newscrawl's own rules do not take a date from a sentence; htmldate, the last resort for
    a page that shows no date anywhere else, may (its loose search of the text)."""
    from newscrawl.extraction.date_finder import visible_date

    body = (
        "<h1>Council approves new bike lanes</h1>"
        "<p>The council meets again on 28.04.2026 to vote on the budget.</p>" + PARAGRAPHS * 2
    )
    tree = lxml.html.fromstring(page("", body))
    assert visible_date(tree, tree) is None
    url = "https://news.example.org/council-approves-bike-lanes"  # no date in its path
    record = record_for_page(url, page("", body), 200, HTML, CRAWLED_AT)
    assert record["headline"] == "Council approves new bike lanes"
    assert record["published_at"] == "2026-04-28T00:00:00+00:00"  # htmldate's reading


# ---------------------------------------------------------------- is it an article?


def test_a_headline_and_a_story_make_an_article_without_any_markup() -> None:
    """No JSON-LD, no og:type, no date: a page reached as an article, with a headline and
    paragraphs of text, is one (166 words here)."""
    body = f"<h1>Council approves new bike lanes</h1>{PARAGRAPHS * 2}"
    url = "https://news.example.org/council-approves-bike-lanes"
    record = record_for_page(url, page("", body), 200, HTML, CRAWLED_AT)
    assert record["headline"] == "Council approves new bike lanes"
    assert len(record["body"]) == 12


@pytest.mark.parametrize(
    ("url", "head", "body", "reason"),
    [
        # The home page, however much text it shows.
        ("https://news.example.org/", "", f"<h1>Example News</h1>{PARAGRAPHS * 3}", "home page"),
        # A page that says it is a listing.
        (URL, '<script type="application/ld+json">{"@type": "CollectionPage"}</script>',
         f"<h1>Politics</h1>{PARAGRAPHS * 3}", "listing"),
        # A short text on a page whose URL is not an article's and that shows no date.
        ("https://news.example.org/about", "", "<h1>About us</h1><p>" + "We report. " * 20
         + "</p>", "too little"),
    ],
)  # fmt: skip
def test_what_says_a_page_is_not_an_article(url: str, head: str, body: str, reason: str) -> None:
    record = record_for_page(url, page(head, body), 200, HTML, CRAWLED_AT)
    assert record["error"]["kind"] == "not_article"
    assert reason in record["error"]["message"]


@pytest.mark.parametrize(
    ("url", "home"),
    [
        ("https://news.example.org/", True),
        ("https://news.example.org/?utm_source=feed&fbclid=x", True),  # tracking only
        ("https://news.example.org/?p=4711", False),  # a blog's post by number
        ("https://news.example.org/index.php?id=4711", False),
    ],
)
def test_the_home_page_is_the_root_without_a_query_of_its_own(url: str, home: bool) -> None:
    body = f"<h1>Council approves new bike lanes</h1>{PARAGRAPHS * 3}"
    record = record_for_page(url, page("", body), 200, HTML, CRAWLED_AT)
    assert ("error" in record and "home page" in record["error"]["message"]) == home
    assert home or record["headline"] == "Council approves new bike lanes"


def test_the_date_in_a_visible_byline_is_not_an_author() -> None:
    body = (
        "<h1>Council approves new bike lanes</h1>"
        f"<div class='byline'>By Jane Rivera | November 19, 2025</div>{PARAGRAPHS * 2}"
    )
    record = record_for_page(URL, page("", body), 200, HTML, CRAWLED_AT)
    assert [a["name"] for a in record["authors"]] == ["Jane Rivera"]
    assert record["published_at"] == "2025-11-19T00:00:00+00:00"


def test_every_registered_profile_has_its_own_name_and_hosts() -> None:
    """Loading the registry refuses two profiles with one name or one host (the second would
    silently shadow the first); every profile file's fields are sane."""
    hosts = [h for p in all_profiles().values() for h in p.hosts]
    assert len(hosts) == len(set(hosts))
    for name, profile in all_profiles().items():
        assert name == profile.name and profile.host == profile.host.lower(), name
        assert profile.language and profile.publisher and profile.site, name
    assert len(all_profiles()) == 3 + 1 + 27  # the editions, example-news, the publisher profiles


def test_a_second_profile_for_a_known_host_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import newscrawl.profiles
    import newscrawl.profiles.zdf

    twin = news_site("zdf-twin", "www.zdfheute.de", "ZDF", "de", None)
    message = "www.zdfheute.de is in profiles 'zdf' and 'zdf-twin'"
    monkeypatch.setattr(newscrawl.profiles.zdf, "PROFILES", (profile_named("zdf"), twin),
                        raising=False)  # fmt: skip
    with pytest.raises(ValueError, match=re.escape(message)):
        newscrawl.profiles.all_profiles.__wrapped__()


def test_a_body_made_of_lists_is_read_whole_and_a_menu_of_links_is_not() -> None:
    """An awards list (headings and lists of names) is the story; the site's menu, a list of
    links, is not."""
    head = '<meta property="og:type" content="article"><meta property="og:title" content="Awards">'
    menu = "<nav><ul>" + "".join(f"<li><a href='/s{n}'>Section {n}</a></li>" for n in range(12))
    lists = "".join(
        f"<h2>Category {c}</h2><ul>" + "".join(f"<li>Nominee {c}{n}</li>" for n in range(6))
        + "</ul>"
        for c in "ABCD"
    )
    body = (
        f"{menu}</ul></nav><div class='page'><div class='standfirst'><p>Who was nominated for "
        f"the awards this year.</p></div><div class='story'>{lists}</div></div>"
    )
    record = record_for_page(URL, page(head, body), 200, HTML, CRAWLED_AT)
    texts = [b["text"] for b in record["body"]]
    # The page's story is the standfirst and the lists under it, in order (list items weigh
    # less than paragraphs when the container is chosen, so the standfirst's is taken).
    assert texts[:4] == ["Who was nominated for the awards this year.", "Category A",
                         "Nominee A0", "Nominee A1"]  # fmt: skip
    assert texts[-1] == "Nominee D5" and len(texts) == 1 + 4 * 7
    assert not any(t.startswith("Section") for t in texts)


def test_an_alias_host_is_the_sites_own_for_links_and_crawls() -> None:
    from newscrawl.spiders.news import NewsSpider

    zdf = profile_named("zdf")
    assert zdf.is_article_url("https://www.zdfheute.de/politik/ausland/putin-warnt-vor-krieg-100")
    assert not zdf.is_article_url("https://www.example.org/politik/ausland/putin-warnt-vor-x")
    spider = NewsSpider(profile="zdf", urls="https://www.zdfheute.de/politik/a-b-c-d-100.html")
    assert spider.allowed_domains == ["www.zdf.de", "www.zdfheute.de"]


def test_a_profiles_naive_times_are_its_local_time() -> None:
    """stern's profile (Europe/Berlin): a published time written without an offset is Berlin
    time; Al Mayadeen's CMS writes UTC (its profile says so)."""
    head = ('<meta property="og:type" content="article"><meta property="og:title" content="X y">'
            '<meta property="article:published_time" content="2024-04-30T14:07:00">')  # fmt: skip
    body = f"<article><h1>X y</h1>{PARAGRAPHS}</article>"
    record = record_for_page("https://www.stern.de/politik/x-y-z-w-123.html", page(head, body),
                             200, HTML, CRAWLED_AT)  # fmt: skip
    assert record["published_at"] == "2024-04-30T14:07:00+02:00"
    assert profile_named("almayadeen-en").naive_iso_zone == ZoneInfo("UTC")


# ---------------------------------------------------------------- where the date is shown


@pytest.mark.parametrize(
    ("url", "body", "published_at"),
    [
        # A "Published" label line far below the headline, in an American form with seconds.
        ("https://news.example.org/council-approves-bike-lanes",
         f"<h1>Council approves new bike lanes</h1>{PARAGRAPHS * 3}"
         "<div><span>Published</span> 12/21/2023 4:30:26 PM</div>",
         "2023-12-21T16:30:26+00:00"),
        # A <time> outside the page's <article>.
        ("https://news.example.org/council-approves-bike-lanes",
         "<div class='top'><time datetime='2023-12-20T09:00:00+01:00'>Dec 20</time></div>"
         f"<article><h1>Council approves new bike lanes</h1>{PARAGRAPHS * 3}</article>",
         "2023-12-20T09:00:00+01:00"),
        # Nothing on the page: the day the URL's path names.
        ("https://news.example.org/2023/12/20/council-approves-bike-lanes",
         f"<h1>Council approves new bike lanes</h1>{PARAGRAPHS * 3}",
         "2023-12-20T00:00:00+00:00"),
    ],
)  # fmt: skip
def test_where_a_reader_sees_the_date(url: str, body: str, published_at: str) -> None:
    record = record_for_page(url, page("", body), 200, HTML, CRAWLED_AT)
    assert record["published_at"] == published_at


# ---------------------------------------------------------------- pictures


def test_figures_give_the_images_their_captions_and_credits() -> None:
    head = (
        '<meta property="og:type" content="article">'
        '<meta property="og:image" content="https://news.example.org/img/lead.jpg">'
    )
    body = (
        "<article><h1>Council approves new bike lanes</h1>"
        "<figure><img src='/img/lead.jpg'><figcaption>The council chamber on Tuesday. "
        "(Ana Ruiz / Example News)</figcaption></figure>"
        f"{PARAGRAPHS}"
        "<figure><img data-src='/img/lane.jpg' src='data:image/gif;base64,R0lGOD'>"
        "<figcaption>Harbour Street. <span class='credit'>Photo: Jane Rivera</span>"
        "</figcaption></figure>"
        "<figure><img srcset='/img/map-800.png 800w, /img/map-1600.png 1600w'></figure>"
        "</article>"
    )
    record = record_for_page(URL, page(head, body), 200, HTML, CRAWLED_AT)
    assert record["images"] == [
        {"url": "https://news.example.org/img/lead.jpg",
         "caption": "The council chamber on Tuesday.", "credit": "Ana Ruiz / Example News"},
        {"url": "https://news.example.org/img/lane.jpg", "caption": "Harbour Street.",
         "credit": "Photo: Jane Rivera"},
        {"url": "https://news.example.org/img/map-800.png", "caption": None, "credit": None},
    ]  # fmt: skip
    assert not any(b["text"] == "Harbour Street." for b in record["body"])


def test_a_gallery_story_is_told_by_its_captions() -> None:
    slides = "".join(
        f"<figure><img src='/img/{n}.jpg'><figcaption>Slide {n}: the new lane on Harbour "
        f"Street seen from the {side} side.</figcaption></figure>"
        for n, side in enumerate(("north", "south", "east", "west") * 3)
    )
    head = '<meta property="og:type" content="article">'
    body = f"<h1>In pictures: the new bike lanes</h1><div class='slides'>{slides}</div>"
    record = record_for_page(URL, page(head, body), 200, HTML, CRAWLED_AT)
    assert record["headline"] == "In pictures: the new bike lanes"
    assert [b["text"] for b in record["body"]][:2] == [
        "Slide 0: the new lane on Harbour Street seen from the north side.",
        "Slide 1: the new lane on Harbour Street seen from the south side.",
    ]
    assert len(record["body"]) == 12


def test_a_placeholder_date_in_the_metadata_gives_way_to_the_one_shown() -> None:
    """USA Today's pages (benchmark, tuning half) carry `0001-01-01T00:00:00Z`, a CMS's empty
    value, in their metadata, and show "Nov 19, 2019" under the headline."""
    head = '<meta property="article:published_time" content="0001-01-01T00:00:00Z">'
    body = f"<h1>Council approves new bike lanes</h1><p>Nov 19, 2019</p>{PARAGRAPHS * 2}"
    url = "https://news.example.org/council-approves-bike-lanes"
    record = record_for_page(url, page(head, body), 200, HTML, CRAWLED_AT)
    assert record["published_at"] == "2019-11-19T00:00:00+00:00"


@pytest.mark.parametrize("flag", ["", " comments-open", " comments-enabled"])
def test_readers_comments_longer_than_the_story_are_not_the_story(flag: str) -> None:
    """A short story whose article element also holds forty readers' comments (the thread is
    six times longer): the story is read, the comments are not. A flag that the page takes
    comments, on the story's own element, is not a thread of them."""
    story = "".join(
        f"<p>The coach said paragraph {n} of the story after the game, in plain words.</p>"
        for n in range(3)
    )
    thread = "".join(
        f"<li class='comment'><div class='comment-content'><p>Reader {n} thinks the coach is"
        f" wrong about the game and says so at length here.</p></div></li>"
        for n in range(40)
    )
    body = (
        f"<article class='post{flag}'><h1>Coach: we needed to win this game</h1>"
        f"<div class='entry-content'>{story}</div>"
        f"<div id='comments' class='comments-area'><ol class='comment-list'>{thread}</ol></div>"
        "</article>"
    )
    head = '<meta property="og:type" content="article">'
    record = record_for_page(URL, page(head, body), 200, HTML, CRAWLED_AT)
    texts = [b["text"] for b in record["body"]]
    assert texts == [
        f"The coach said paragraph {n} of the story after the game, in plain words."
        for n in range(3)
    ]


def test_a_story_only_in_the_pages_script_data_is_read_from_it() -> None:
    # A page built in the browser: no paragraph of its own, the story's HTML in a JSON string
    # of a script (read only then: other pages' scripts are dropped unread).
    story = "".join(
        f"<p>Part {n} of the story, as the script data carries it to the browser.</p>"
        for n in range(4)
    )
    script = f'<script>window.__DATA__ = {{"html": "{story}"}};</script>'
    head = '<meta property="og:title" content="Council approves new bike lanes">'
    head += '<meta property="og:type" content="article">'
    head += '<meta property="article:published_time" content="2025-11-20T09:30:00Z">'
    record = record_for_page(URL, page(head, f"<h1>Council approves new bike lanes</h1>{script}"),
                             200, HTML, CRAWLED_AT)  # fmt: skip
    assert validate_record(record) == []
    assert [block["text"] for block in record["body"]] == [
        f"Part {n} of the story, as the script data carries it to the browser." for n in range(4)
    ]
