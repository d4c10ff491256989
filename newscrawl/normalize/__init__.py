"""Pure functions that turn what a page says into clean values. No I/O, no Scrapy."""
