"""The fixture site's media pages, written by hand: two each of videos, infographs, "In
Pictures" galleries and newscasts (type `live`). `testkit.sitegen` renders them like every
other article; like the generated articles, they are synthetic (see fixtures/site/README.md).
"""

from __future__ import annotations

from datetime import datetime

from testkit.site_model import BASE, BEIRUT, ArticleSpec, count_words, slugify

HOUSE = "Al Mayadeen English"


def _at(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=BEIRUT)


def _media(kind: str, day: datetime, name: str) -> str:
    return f"{BASE}/media/{kind}/{day.year}/{day.month}/{day.day}/{name}"


def _spec(
    *,
    postid: str,
    path: str,
    record_type: str,
    posttype: str,
    headline: str,
    summary: str,
    published: datetime,
    keywords: str,
    tags: list[str],
    image: tuple[str, str, str | None],
    body: list[tuple[str, str]],
    region: str | None = None,
    topic: str | None = None,
    video: tuple[str, int | None] | None = None,
    gallery: list[tuple[str, str, str | None]] | None = None,
) -> ArticleSpec:
    return ArticleSpec(
        postid=postid,
        url=f"{BASE}{path}{slugify(headline)}",
        type=record_type,
        posttype=posttype,
        category=None,
        region=region,
        topic=topic,
        headline=headline,
        summary=summary,
        authors=[HOUSE],
        author_slugs=[None],
        sources=[],
        published=published,
        modified=published,
        reading_minutes=None,
        word_count=count_words(body),
        keywords=keywords,
        tags=tags,
        image_url=image[0],
        image_caption=image[1],
        image_credit=image[2],
        body=body,
        meta_type="videoobject" if video else "article",
        video_url=video[0] if video else None,
        video_duration=video[1] if video else None,
        gallery=list(gallery or []),
    )


def media_articles() -> list[ArticleSpec]:
    """The eight media pages, in publication order."""
    fishermen = _at(2025, 10, 8, 17, 30)
    classrooms = _at(2025, 11, 12, 9, 15)
    electricity = _at(2025, 10, 20, 13, 0)
    water = _at(2025, 11, 18, 11, 40)
    olives = _at(2025, 10, 23, 15, 5)
    books = _at(2025, 11, 7, 12, 20)
    evening = _at(2025, 10, 14, 20, 0)
    morning = _at(2025, 11, 24, 8, 0)
    return [
        _spec(
            postid="1983017",
            path="/video/",
            record_type="video",
            posttype="Video",
            headline="How Beirut's fishermen are adapting to a warmer sea",
            summary="Fishermen at Beirut's Ain al-Mreisseh port describe smaller catches, new"
            " species and longer trips as the eastern Mediterranean warms.",
            published=fishermen,
            keywords="Lebanon,Beirut,Fishing,Climate Change,beirut",
            tags=["Lebanon", "Beirut", "Fishing", "Climate Change"],
            image=(
                _media("image", fishermen, "3f1c9a2e-7d45-4b8e-a1f0-6c2d8e9b4a17.jpg")
                + "?v=2&width=1000",
                "A fisherman repairs his nets at the port of Ain al-Mreisseh in Beirut",
                "Al Mayadeen English",
            ),
            video=(_media("video", fishermen, "fishermen-ain-al-mreisseh.mp4"), 245),
            body=[
                (
                    "paragraph",
                    "Fishermen at the small port of Ain al-Mreisseh say the sea has changed"
                    " within a generation. Warmer water has pushed some familiar species"
                    " further out, while new ones now appear in their nets.",
                ),
                (
                    "paragraph",
                    "In this report, three fishermen explain how they have changed their"
                    " routes, their nets and their working hours to keep their boats going.",
                ),
            ],
            topic="Energy & Climate",
        ),
        _spec(
            postid="1983029",
            path="/video/",
            record_type="video",
            posttype="Video",
            headline="Gaza's students return to tent classrooms",
            summary="Thousands of pupils in central Gaza have resumed lessons in tents set up"
            " beside damaged schools.",
            published=classrooms,
            keywords="Gaza,Education,UNRWA,Gaza,Palestine",
            tags=[],
            image=(
                _media("image", classrooms, "b82e4f90-1c3d-4a6e-9f57-0d4e2a8c6b31.jpg")
                + "?v=2&width=1000",
                "Pupils attend a lesson in a tent classroom in Deir al-Balah, central Gaza",
                "AFP",
            ),
            video=(_media("video", classrooms, "gaza-tent-classrooms.mp4"), 98),
            body=[],
            region="Palestine",
        ),
        _spec(
            postid="1983041",
            path="/infograph/",
            record_type="infograph",
            posttype="Infograph",
            headline="Lebanon's electricity supply in numbers",
            summary="How many hours of state electricity each Lebanese governorate received"
            " per day in October 2025.",
            published=electricity,
            keywords="Lebanon,Electricity,Energy,Infograph",
            tags=["Lebanon", "Electricity", "Energy"],
            image=(
                _media("infograph", electricity, "lebanon-electricity-hours-2025-10.png")
                + "?v=2&width=1000",
                "Average daily hours of state electricity by governorate, October 2025",
                "Al Mayadeen English",
            ),
            body=[
                (
                    "paragraph",
                    "Figures from the Ministry of Energy and Water, compiled by Al Mayadeen"
                    " English.",
                )
            ],
            topic="Energy & Climate",
        ),
        _spec(
            postid="1983053",
            path="/infograph/",
            record_type="infograph",
            posttype="Infograph",
            headline="Where the Levant's water goes",
            summary="The share of water used by farms, homes and industry in Lebanon, Syria,"
            " Jordan and Palestine.",
            published=water,
            keywords="Water,Agriculture,Lebanon,Syria,Jordan,Palestine",
            tags=[],
            image=(
                _media("infograph", water, "levant-water-use.png") + "?v=2&width=1000",
                "Share of water used by agriculture, households and industry in four"
                " Levant countries",
                None,
            ),
            body=[],
            topic="Water Crisis",
        ),
        _spec(
            postid="1983067",
            path="/in-pictures/",
            record_type="gallery",
            posttype="In Pictures",
            headline="In Pictures: Olive harvest season in the West Bank",
            summary="Families across the northern West Bank gather for the yearly olive"
            " harvest, from the groves to the presses.",
            published=olives,
            keywords="West Bank,Olives,Agriculture,Palestine,olives",
            tags=["West Bank", "Olives", "Agriculture"],
            image=(
                _media("image", olives, "5e7a1b3c-9d2f-4c60-8a14-e3b7f5d2c908.jpg")
                + "?v=2&width=1000",
                "Farmers collect olives near Nablus, October 2025",
                "Anadolu",
            ),
            gallery=[
                (
                    _media("image", olives, "olive-harvest-1.jpg") + "?v=2&width=1000",
                    "A family spreads sheets under an olive tree before the picking starts",
                    "Anadolu",
                ),
                (
                    _media("image", olives, "olive-harvest-2.jpg") + "?v=2&width=1000",
                    "Children carry buckets of olives to a tractor near Jenin",
                    "AFP",
                ),
                (
                    _media("image", olives, "olive-harvest-3.jpg") + "?v=2&width=1000",
                    "Sacks of olives wait at a press in the village of Burqin",
                    "Anadolu",
                ),
                (
                    _media("image", olives, "olive-harvest-4.jpg") + "?v=2&width=1000",
                    "Fresh olive oil pours from a press in Nablus",
                    "AFP",
                ),
            ],
            body=[
                (
                    "paragraph",
                    "The olive harvest runs from October into November and remains one of the"
                    " busiest times of the year for villages in the northern West Bank.",
                )
            ],
            region="Palestine",
        ),
        _spec(
            postid="1983071",
            path="/in-pictures/",
            record_type="gallery",
            posttype="In Pictures",
            headline="In Pictures: Friday on Baghdad's Al-Mutanabbi Street",
            summary="Booksellers, readers and musicians fill Baghdad's historic book market"
            " every Friday morning.",
            published=books,
            keywords="Iraq,Baghdad,Books,Culture",
            tags=["Iraq", "Baghdad", "Books", "Culture"],
            image=(
                _media("image", books, "c4d9e1f2-6a3b-4e85-b7c0-19f2a6d8e354.jpg")
                + "?v=2&width=1000",
                "Shoppers browse books laid out on the pavement of Al-Mutanabbi Street",
                "AFP",
            ),
            gallery=[
                (
                    _media("image", books, "mutanabbi-1.jpg") + "?v=2&width=1000",
                    "A bookseller arranges poetry collections at dawn",
                    "AFP",
                ),
                (
                    _media("image", books, "mutanabbi-2.jpg") + "?v=2&width=1000",
                    "Students read in the courtyard of the Qishla",
                    "Reuters",
                ),
                (
                    _media("image", books, "mutanabbi-3.jpg") + "?v=2&width=1000",
                    "An oud player performs outside the Shabandar Cafe",
                    "AFP",
                ),
                (
                    _media("image", books, "mutanabbi-4.jpg") + "?v=2&width=1000",
                    "A statue of the poet Al-Mutanabbi at the end of the street",
                    "Reuters",
                ),
                (
                    _media("image", books, "mutanabbi-5.jpg") + "?v=2&width=1000",
                    "Families walk along the Tigris after the market closes",
                    "AFP",
                ),
            ],
            body=[
                (
                    "paragraph",
                    "The street, named after the tenth-century poet, has been the heart of"
                    " Baghdad's book trade for generations.",
                )
            ],
        ),
        _spec(
            postid="1983083",
            path=f"/newscast/{evening.year}/{evening.month}/{evening.day}/",
            record_type="live",
            posttype="Newscast",
            headline="Evening newscast: Lebanon's budget debate and Gaza's crossings",
            summary="The evening bulletin: Lebanon's parliament debates the 2026 budget, and"
            " aid convoys wait at Gaza's crossings.",
            published=evening,
            keywords="Lebanon,Gaza,Budget,Newscast",
            tags=["Lebanon", "Gaza", "Budget"],
            image=(
                _media("image", evening, "evening-newscast-2025-10-14.jpg") + "?v=2&width=1000",
                "The Al Mayadeen English evening newscast studio",
                "Al Mayadeen English",
            ),
            video=(_media("video", evening, "evening-newscast-2025-10-14.mp4"), 1560),
            body=[
                (
                    "paragraph",
                    "First file: Lebanon's parliament opens its debate on the 2026 budget,"
                    " with electricity and public salaries at the center of the discussion.",
                ),
                (
                    "paragraph",
                    "Second file: aid convoys wait at Gaza's crossings as humanitarian"
                    " agencies call for more trucks to be let in each day.",
                ),
            ],
        ),
        _spec(
            postid="1983097",
            path=f"/newscast/{morning.year}/{morning.month}/{morning.day}/",
            record_type="live",
            posttype="Newscast",
            headline="Morning newscast: Iraq's new parliament holds its first session",
            summary="The morning bulletin: Iraq's newly elected parliament meets for the"
            " first time.",
            published=morning,
            keywords="Iraq,Parliament,Newscast",
            tags=[],
            image=(
                _media("image", morning, "morning-newscast-2025-11-24.jpg") + "?v=2&width=1000",
                "The Al Mayadeen English morning newscast studio",
                None,
            ),
            video=(_media("video", morning, "morning-newscast-2025-11-24.mp4"), None),
            body=[],
        ),
    ]
