"""Production settings are polite and safe by default."""

from newscrawl.spiders.almayadeen import AlmayadeenSpider
from scrapy.utils.project import get_project_settings

from newscrawl.processing import project_settings


def test_production_settings() -> None:
    settings = project_settings()
    assert settings.getbool("ROBOTSTXT_OBEY") is True
    assert settings.getbool("AUTOTHROTTLE_ENABLED") is True
    assert settings.getbool("TELNETCONSOLE_ENABLED") is False
    assert settings.getbool("REMOTE_CONTROL_ENABLED") is False
    assert settings.getint("DOWNLOAD_MAXSIZE") == 8 * 1024 * 1024
    assert settings.get("USER_AGENT").startswith("newscrawl/")
    assert "Scrapy" not in settings.get("USER_AGENT")


def test_scrapy_cfg_points_at_the_same_settings(monkeypatch) -> None:
    monkeypatch.delenv("SCRAPY_SETTINGS_MODULE", raising=False)
    assert get_project_settings().get("BOT_NAME") == "newscrawl"


def test_spider_stays_on_the_english_edition() -> None:
    assert AlmayadeenSpider.allowed_domains == ["english.almayadeen.net"]


def test_each_edition_stays_on_its_host() -> None:
    import pytest

    assert AlmayadeenSpider(edition="ar").allowed_domains == ["www.almayadeen.net"]
    assert AlmayadeenSpider(edition="es").allowed_domains == ["espanol.almayadeen.net"]
    with pytest.raises(ValueError):
        AlmayadeenSpider(edition="fr")
