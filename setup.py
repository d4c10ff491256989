"""For tools that build from setup.py (scrapyd-deploy builds its eggs with `setup.py bdist_egg`
and writes a find_packages() setup.py of its own when there is none, which would miss
newscrawl.spiders): everything is configured in pyproject.toml."""

from setuptools import setup

setup()
