import pytest

from newscrawl.normalize.bylines import parse_byline, split_names
from newscrawl.normalize.text import names_site
from newscrawl.profiles.almayadeen import ARABIC, ENGLISH

HOUSE = ENGLISH.house_bylines


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("By Al Mayadeen net", ["Al Mayadeen net"]),
        # "By" removal must never eat letters of the name ("ABBY GOODNOUGH" stays whole).
        ("By ABBY GOODNOUGH", ["ABBY GOODNOUGH"]),
        ("ABBY GOODNOUGH", ["ABBY GOODNOUGH"]),
        ("Bylan Byrne", ["Bylan Byrne"]),
        ("by  Nadia   Haddad", ["Nadia Haddad"]),
        ("By Nadia Haddad and Karim Saleh", ["Nadia Haddad", "Karim Saleh"]),
        ("By Nadia Haddad, Karim Saleh & Rami Aoun", ["Nadia Haddad", "Karim Saleh", "Rami Aoun"]),
        ("Written by: Sandra Anderson", ["Sandra Anderson"]),
        # Junk dropped: e-mail addresses, links, "Email the author".
        ("By Nadia Haddad, nadia.haddad@example.com", ["Nadia Haddad"]),
        ("By Nadia Haddad | Email the author", ["Nadia Haddad"]),
        ("By Nadia Haddad https://twitter.com/nadia", ["Nadia Haddad"]),
        # Names with "and" inside a word stay whole.
        ("By Alexandra Anderson", ["Alexandra Anderson"]),
        ("بقلم حسن لافي", ["حسن لافي"]),
        # Other languages' "and" (bylines of real pages: SRF, Sermitsiaq, Le Monde, DN).
        ("Monika Bolliger und Anna Trechsel", ["Monika Bolliger", "Anna Trechsel"]),
        ("Trine Juncher Jørgensen og Tôrtia Reimer-Johansen",
         ["Trine Juncher Jørgensen", "Tôrtia Reimer-Johansen"]),
        ("Anna Svensson och Erik Berg", ["Anna Svensson", "Erik Berg"]),
        ("Claire Dupont et Marc Lefèvre", ["Claire Dupont", "Marc Lefèvre"]),
        ("Undine Gruenter", ["Undine Gruenter"]),  # "und" inside a name
        # A name written as its slug is spelt out; an author's short sign is dropped (NZZ).
        ("sophie-foster", ["Sophie Foster"]),
        ("Elena Oberholzer (obe), Corina Gall (cog.)", ["Elena Oberholzer", "Corina Gall"]),
        ("Jean-Paul Sartre", ["Jean-Paul Sartre"]),
        ("Von Eva Kirchner-Rätsch", ["Eva Kirchner-Rätsch"]),  # German "By"
        ("Vonnie Quinn", ["Vonnie Quinn"]),
        ("Par Les Echos", ["Les Echos"]),  # French "By"
        ("Parveen Kaur", ["Parveen Kaur"]),
        ("Av Ola Nordmann og Kari Nordmann", ["Ola Nordmann", "Kari Nordmann"]),  # Norwegian
        ("di Mario Rossi", ["Mario Rossi"]),  # Italian, lower case
        ("Di Maio Luigi", ["Di Maio Luigi"]),  # a name
    ],
)
def test_split_names(byline: str, names: list[str]) -> None:
    assert split_names(byline) == names


def test_house_byline_is_an_organization() -> None:
    assert parse_byline("By Al Mayadeen net", HOUSE) == [
        {"name": "Al Mayadeen net", "kind": "organization", "url": None}
    ]


def test_agencies_are_organizations_and_people_keep_their_author_page() -> None:
    authors = parse_byline(
        "By Karim Haddad and Reuters",
        HOUSE,
        {"Karim Haddad": "https://english.almayadeen.net/authors/karim-haddad"},
    )
    assert authors == [
        {
            "name": "Karim Haddad",
            "kind": "person",
            "url": "https://english.almayadeen.net/authors/karim-haddad",
        },
        {"name": "Reuters", "kind": "organization", "url": None},
    ]


def test_each_author_once() -> None:
    assert [a["name"] for a in parse_byline("By Ann Lee, ann lee and Ann Lee")] == ["Ann Lee"]


def test_no_byline_no_authors() -> None:
    assert parse_byline(None) == []
    assert parse_byline("By ") == []


def test_real_arabic_bylines(arabic_metadata: list[dict]) -> None:
    """The 296 real `author` values: house bylines and newspapers are organisations, writers are
    people, and no name loses a letter."""
    kinds: dict[str, str] = {}
    for record in arabic_metadata:
        authors = parse_byline(record["author"], ARABIC.house_bylines)
        assert authors, record["postid"]
        for author in authors:
            assert author["name"] in record["author"]
            kinds[author["name"]] = author["kind"]
    assert kinds["الميادين نت"] == "organization"
    assert kinds["شبكة الميادين"] == "organization"
    assert kinds['صحيفة "واشنطن بوست" الأميركية'] == "organization"
    assert kinds["حسن لافي"] == "person"
    assert kinds["عبد الله ذبيان"] == "person"


@pytest.mark.parametrize(
    ("name", "house", "is_house"),
    [
        ("STERN.de", ["stern.de", "stern"], True),
        ("mdr.de", ["MDR"], True),
        ("n-tv NACHRICHTEN", ["n-tv.de", "n-tv"], True),
        ("VnExpress", ["vnexpress.net"], True),
        ("Lesotho Times", ["Lesotho Times"], True),
        # People whose names start like the site's are people.
        ("Sternberg Anna", ["stern.de", "stern"], False),
        ("Ana Ruiz", ["Anadolu"], False),
        ("AP Dhillon", ["ap"], False),
        ("Stern Max", ["stern"], False),
        ("Marie", ["Marie Claire"], False),
    ],
)
def test_the_publisher_signing_as_itself(name: str, house: list[str], is_house: bool) -> None:
    assert names_site(name, house) is is_house


def test_a_generic_sites_own_name_as_author_is_an_organization() -> None:
    """Pages that sign with the publisher's own name (`<meta name="author" content="STERN.de">`)
    get an organisation author, as the house bylines of a profile do."""
    from newscrawl.processing import record_for_page

    body = (
        "<html lang='de'><head><meta property='og:type' content='article'>"
        "<meta property='og:site_name' content='stern.de'>"
        "<meta property='article:published_time' content='2024-11-05T15:36:00+01:00'>"
        "<meta name='author' content='STERN.de'><title>Ein Titel</title></head><body><article>"
        "<h1>Ein Titel</h1>" + "<p>Ein Absatz mit genug Worten für den Artikeltext hier.</p>" * 5
        + "</article></body></html>"
    ).encode()
    record = record_for_page("https://www.example-stern.de/politik/ein-titel-123.html", body)
    assert record["authors"] == [{"name": "STERN.de", "kind": "organization", "url": None}]
