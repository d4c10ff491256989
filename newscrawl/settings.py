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
# Scrapy reads the source of every generator callback again for each page (its cache is keyed
# by the bound method, made anew for each call) to warn of a `return value` inside it: 0.3 ms
# of CPU a page, more than a bare spider's whole parse. The spiders' callbacks return no value.
WARN_ON_GENERATOR_RETURN_VALUE = False
# Scrapy starts CONCURRENT_ITEMS (100) asyncio tasks for every answer's output, whatever its
# size: about 1 ms of CPU a page, a third of a bare spider's. The item pipelines never wait (no
# I/O), so items processed side by side gain nothing; the callbacks' outputs go one at a time.
CONCURRENT_ITEMS = 1
# Scrapy's DEBUG message for every page and item is built only when LOG_LEVEL shows it.
LOG_FORMATTER = "newscrawl.logformat.QuietLogFormatter"
FEED_EXPORT_ENCODING = "utf-8"
# JSON Lines feeds write each item as its documented record (`.jsonl` files are Scrapy's
# "jsonl" format, `.jsonlines` its "jsonlines": both; `jsonlines-gzip`: `-o x.jsonl.gz`).
FEED_EXPORTERS = {
    "jsonlines": "newscrawl.exporters.RecordJsonLinesExporter",
    "jsonl": "newscrawl.exporters.RecordJsonLinesExporter",
    "jsonlines-gzip": "newscrawl.exporters.GzipRecordJsonLinesExporter",
}
# A local feed appended to is first cut back to its last whole record (a kill can cut one).
FEED_STORAGES = {
    "": "newscrawl.exporters.AppendingFileFeedStorage",
    "file": "newscrawl.exporters.AppendingFileFeedStorage",
}

DOWNLOADER_MIDDLEWARES = {
    # Every request stays on the edition's host, redirects included (before the mirror); in
    # place of Scrapy's, which drops an off-site redirect without telling anyone.
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "newscrawl.politeness.OffSiteMiddleware": 50,
    # Retry-After pauses, no retries of challenge pages, and an early stop when the site blocks
    # the crawl (answers are read before Scrapy's RetryMiddleware at 550 reads them).
    "newscrawl.politeness.BackoffMiddleware": 560,
    # Pages read in their real encoding (mis-declared Windows-1256 or -1252 pages), before the
    # spider's link walker and ticker reader see them: once decompressed (590), before Scrapy's
    # MetaRefreshMiddleware (580) reads the text, which would sniff the body for its own reading.
    "newscrawl.extraction.encoding.EncodingMiddleware": 585,
    # Last, after robots.txt, offsite, retry and redirect handling have seen the real URL:
    # serves a saved copy of a site instead of the network (NEWSCRAWL_REPLAY_DIR) ...
    "newscrawl.replay.ReplayMiddleware": 950,
    # ... or fetches every URL from a mirror host such as a local test server (NEWSCRAWL_MIRROR).
    "newscrawl.mirror.MirrorMiddleware": 960,
    # `--warc PATH` (NEWSCRAWL_WARC_PATH): every exchange with the site archived as it came,
    # before decompression (590), redirects and retries, after the mirror (960) gave it back its
    # site URL.
    "newscrawl.archiving.WarcRecorderMiddleware": 955,
    # A redirect back into its own chain is a failure, not a request the duplicate filter
    # drops without a word (reads the answer before Scrapy's RedirectMiddleware at 600).
    "newscrawl.refusals.RedirectLoopMiddleware": 610,
}

SPIDER_MIDDLEWARES = {
    # An over-long URL is a `skipped` failure, not a link dropped at INFO level.
    "scrapy.spidermiddlewares.urllength.UrlLengthMiddleware": None,
    "newscrawl.refusals.UrlLengthMiddleware": 800,
}

# Scrapy's duplicate filter, with each request's fingerprint kept as an 8-byte digest.
DUPEFILTER_CLASS = "newscrawl.dupefilter.DigestDupeFilter"

EXTENSIONS = {
    # One writer at a time: the output's and the state's locks, taken before anything opens
    # them, in crawls `newscrawl crawl` did not start (`scrapy crawl`, scrapyd).
    "newscrawl.run_locks.RunLocks": 0,
    # Live progress, and the crawl report written beside the export at the end.
    "newscrawl.report.CrawlReport": 500,
    # Spidermon and newscrawl's monitors, when SPIDERMON_ENABLED (below).
    "newscrawl.monitoring.Monitoring": 510,
}

# One job each, in order; validation last. The normalising steps (headlines, bylines, sources,
# timestamps, reading time, tags, content hash: one module each) run as one Scrapy pipeline
# (pipelines/normalization.py), which spares Scrapy's per-step machinery.
ITEM_PIPELINES = {
    "newscrawl.pipelines.normalization.NormalizationPipeline": 100,
    "newscrawl.pipelines.validation.ValidationPipeline": 900,
    # Incremental crawls only (NEWSCRAWL_INCREMENTAL): drop what is unchanged, then write and
    # commit to the state.
    "newscrawl.pipelines.incremental.IncrementalPipeline": 950,
    "newscrawl.pipelines.incremental.ExportPipeline": 990,
}

# Where schema rejects go (one JSON object a line: the record and the reasons); default:
# `x.rejects.jsonl` beside the first feed `x.jsonl` (newscrawl/sidefiles.py).
NEWSCRAWL_REJECTS_PATH = None
# The crawl report (JSON); default: `x.report.json` beside the first feed `x.jsonl`
# (newscrawl/sidefiles.py).
NEWSCRAWL_REPORT_PATH = None
NEWSCRAWL_REPLAY_DIR = None
NEWSCRAWL_MIRROR = None
# `--warc PATH`: the WARC archive of the crawl (PATH-00000.warc.gz, ...), a new file past this size.
NEWSCRAWL_WARC_PATH = None
NEWSCRAWL_WARC_MAX_SIZE = 1024**3

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

# Run history and drift (newscrawl/history.py, newscrawl/drift.py): every run's report is kept
# (NEWSCRAWL_HISTORY_DIR; `newscrawl crawl` sets it beside -o, or beside the state), pruned to
# the newest KEEP_RUNS and the last KEEP_DAYS. A run fails when, against the median of the last
# BASELINE_RUNS successful runs of the same crawl: articles found fall by more than
# ARTICLES_DROP (a fraction); a field's share of articles falls by more than COVERAGE_DROP
# points or loses more than COVERAGE_LOSS of itself; the median body length falls by more than
# BODY_DROP; the share of pages read without the site's metadata or body container rises by more
# than FALLBACK_RISE points; or an error kind never seen before has NEW_ERRORS records. Shares
# are judged on MIN_ARTICLES articles at least, never within three standard errors (noise).
# DRIFT_ACCEPT=True: this run is not judged on drift and starts a new baseline.
NEWSCRAWL_HISTORY_DIR = None
NEWSCRAWL_HISTORY_KEEP_RUNS = 500
NEWSCRAWL_HISTORY_KEEP_DAYS = 90
NEWSCRAWL_DRIFT_BASELINE_RUNS = 5
NEWSCRAWL_DRIFT_MIN_ARTICLES = 20
NEWSCRAWL_DRIFT_ARTICLES_DROP = 0.5
NEWSCRAWL_DRIFT_COVERAGE_DROP = 0.2
NEWSCRAWL_DRIFT_COVERAGE_LOSS = 0.5
NEWSCRAWL_DRIFT_BODY_DROP = 0.5
NEWSCRAWL_DRIFT_FALLBACK_RISE = 0.2
NEWSCRAWL_DRIFT_NEW_ERRORS = 3
NEWSCRAWL_DRIFT_ACCEPT = False

# Spidermon (pip install 'newscrawl[monitoring]'), off unless SPIDERMON_ENABLED: newscrawl's
# monitors (newscrawl/monitors.py) on the same figures, and the alert actions to run when one
# fails (NEWSCRAWL_ALERTS: slack, email, telegram, discord, or an action's dotted path; each
# reads its own SPIDERMON_* settings, README "Alerts").
SPIDERMON_ENABLED = False
SPIDERMON_SPIDER_CLOSE_MONITORS = ["newscrawl.monitors.CrawlMonitorSuite"]
NEWSCRAWL_ALERTS = []
