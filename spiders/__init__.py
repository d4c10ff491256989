"""Spiders: they only walk; extraction lives in newscrawl.extraction."""
