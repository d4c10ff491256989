"""Production settings for crawling news sites politely.

`scrapy crawl almayadeen` and `newscrawl crawl` both start from these. Every value that differs
from Scrapy's default says why.
"""

BOT_NAME = "newscrawl"
SPIDER_MODULES = ["newscrawl.spiders"]
NEWSPIDER_MODULE = "newscrawl.spiders"

# Identify ourselves honestly, with a way to find out who we are.
USER_AGENT = "newscrawl/0.1 (+https://github.com/newscrawl/newscrawl; news archiving crawler)"

# Politeness: obey robots.txt, adapt the pace to the site's latency, few parallel requests.
ROBOTSTXT_OBEY = True
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 2.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.5
DOWNLOAD_TIMEOUT = 30
# Bounded, polite retries: 2 more tries for 5xx, 408, 429 and connection failures, never for a
# challenge page; a redirect chain longer than 10 is a loop.
RETRY_TIMES = 2
REDIRECT_MAX_TIMES = 10

# A news page is a few hundred kilobytes; anything past 8 MiB is not an article.
DOWNLOAD_MAXSIZE = 8 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024

# No remote code execution surfaces in production.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False

COOKIES_ENABLED = False
FEED_EXPORT_ENCODING = "utf-8"
# JSON Lines feeds write each item as its documented record.
FEED_EXPORTERS = {"jsonlines": "newscrawl.exporters.RecordJsonLinesExporter"}

DOWNLOADER_MIDDLEWARES = {
    # Every request stays on the edition's host, redirects included (before the mirror); in
    # place of Scrapy's, which drops an off-site redirect without telling anyone.
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "newscrawl.politeness.OffSiteMiddleware": 50,
    # Retry-After pauses, no retries of challenge pages, and an early stop when the site blocks
    # the crawl (answers are read before Scrapy's RetryMiddleware at 550 reads them).
    "newscrawl.politeness.BackoffMiddleware": 560,
    # Pages read in their real encoding (mis-declared Windows-1256 or -1252 pages), before the
    # spider's link walker and ticker reader see them.
    "newscrawl.extraction.encoding.EncodingMiddleware": 570,
    # Last, after robots.txt, offsite, retry and redirect handling have seen the real URL:
    # serves a saved copy of a site instead of the network (NEWSCRAWL_REPLAY_DIR) ...
    "newscrawl.replay.ReplayMiddleware": 950,
    # ... or fetches every URL from a mirror host such as a local test server (NEWSCRAWL_MIRROR).
    "newscrawl.mirror.MirrorMiddleware": 960,
    # A redirect back into its own chain is a failure, not a request the duplicate filter
    # drops without a word (reads the answer before Scrapy's RedirectMiddleware at 600).
    "newscrawl.refusals.RedirectLoopMiddleware": 610,
}

SPIDER_MIDDLEWARES = {
    # An over-long URL is a `skipped` failure, not a link dropped at INFO level.
    "scrapy.spidermiddlewares.urllength.UrlLengthMiddleware": None,
    "newscrawl.refusals.UrlLengthMiddleware": 800,
}

EXTENSIONS = {
    # Live progress, and the crawl report written beside the export at the end.
    "newscrawl.report.CrawlReport": 500,
}

# One job each, in order; validation last.
ITEM_PIPELINES = {
    "newscrawl.pipelines.headlines.HeadlinePipeline": 100,
    "newscrawl.pipelines.bylines.BylinePipeline": 200,
    "newscrawl.pipelines.sources.SourcesPipeline": 300,
    "newscrawl.pipelines.timestamps.TimestampPipeline": 400,
    "newscrawl.pipelines.reading_time.ReadingTimePipeline": 500,
    "newscrawl.pipelines.tags.TagsPipeline": 600,
    "newscrawl.pipelines.fingerprint.FingerprintPipeline": 700,
    "newscrawl.pipelines.validation.ValidationPipeline": 900,
    # Incremental crawls only (NEWSCRAWL_INCREMENTAL): drop what is unchanged, then write and
    # commit to the state.
    "newscrawl.pipelines.incremental.IncrementalPipeline": 950,
    "newscrawl.pipelines.incremental.ExportPipeline": 990,
}

# Where schema rejects go (one JSON object a line: the record and the reasons).
NEWSCRAWL_REJECTS_PATH = "data/rejects.jsonl"
# The crawl report (JSON); default: `<export name>.report.json` beside the first feed.
NEWSCRAWL_REPORT_PATH = None
NEWSCRAWL_REPLAY_DIR = None
NEWSCRAWL_MIRROR = None

# Incremental crawls (`newscrawl crawl --incremental`): the SQLite state file, how many days
# after publication a known article is still fetched again (conditionally), and the export file
# the ExportPipeline appends to (set by `newscrawl crawl`).
NEWSCRAWL_INCREMENTAL = False
NEWSCRAWL_STATE_PATH = None
NEWSCRAWL_REVISIT_DAYS = 3
NEWSCRAWL_EXPORT_PATH = None

# When a crawl counts as failed (`newscrawl crawl` then exits 1, and report.json says why): at
# least this share of answers were blocks, error records above this share of all records, or
# no article found at all.
NEWSCRAWL_FAIL_BLOCKED_SHARE = 0.5
NEWSCRAWL_FAIL_ERROR_SHARE = 0.25
NEWSCRAWL_FAIL_WITHOUT_ARTICLES = True

# The site pushing back (newscrawl.politeness): the longest Retry-After waited for (seconds), and
# the early stop: over the last NEWSCRAWL_BLOCK_WINDOW answers, this share of blocks stops asking.
NEWSCRAWL_RETRY_AFTER_MAX = 120
NEWSCRAWL_BLOCK_WINDOW = 20
NEWSCRAWL_STOP_BLOCKED_SHARE = 0.8
