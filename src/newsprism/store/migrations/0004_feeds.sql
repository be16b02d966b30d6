-- Live news: the feeds followed, every item seen in them, and where each article's text came from.
-- 'web-page' (fetched and extracted), 'feed-summary' (the feed's own text), or NULL (files and dumps).
ALTER TABLE articles ADD COLUMN source_kind TEXT;
CREATE INDEX articles_origin ON articles(origin);

CREATE TABLE feeds (
    url             TEXT PRIMARY KEY,
    title           TEXT,
    site_url        TEXT,
    added_at        TEXT NOT NULL,
    etag            TEXT,                             -- validators for the next conditional GET
    last_modified   TEXT,
    last_polled_at  TEXT,
    last_success_at TEXT,
    last_status     INTEGER,                          -- HTTP status of the last poll (304 when unchanged)
    last_error      TEXT,
    last_error_at   TEXT,
    failures        INTEGER NOT NULL DEFAULT 0,       -- consecutive failed polls, for the backoff
    next_poll_at    TEXT                              -- earliest next poll (interval, backoff, Retry-After)
);

-- One row per item a feed has listed: recorded as 'pending' in the same transaction as the feed's
-- validators, marked done once its article is stored. A restart processes what is still pending.
CREATE TABLE feed_items (
    feed_url      TEXT NOT NULL REFERENCES feeds(url) ON DELETE CASCADE,
    key           TEXT NOT NULL,                      -- guid / Atom id, else link, else a content hash
    url           TEXT,                               -- the item's page
    title         TEXT,
    data          TEXT NOT NULL,                      -- JSON: what the feed said (summary, dates, author)
    status        TEXT NOT NULL CHECK (status IN ('pending', 'page', 'summary', 'failed')),
    article_id    TEXT,
    error         TEXT,
    first_seen_at TEXT NOT NULL,
    done_at       TEXT,
    PRIMARY KEY (feed_url, key)
) WITHOUT ROWID;
CREATE INDEX feed_items_status ON feed_items(status);
CREATE INDEX feed_items_url ON feed_items(url);
