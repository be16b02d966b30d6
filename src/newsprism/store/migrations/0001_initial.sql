-- Articles, stories, cached embeddings and clustering features, cached briefs.
CREATE TABLE articles (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,  -- ingest order, the tie-breaker when times are missing
    id          TEXT NOT NULL UNIQUE,
    outlet      TEXT NOT NULL,
    title       TEXT NOT NULL,
    text        TEXT NOT NULL,
    sentences   TEXT NOT NULL,                      -- JSON array of strings, each a substring of text
    text_hash   TEXT NOT NULL,
    url         TEXT,
    published   TEXT,                               -- ISO 8601, UTC
    language    TEXT,
    origin      TEXT NOT NULL,
    ingested_at TEXT NOT NULL,
    story_id    TEXT REFERENCES stories(id)
);
CREATE INDEX articles_story ON articles(story_id);
CREATE INDEX articles_text_hash ON articles(text_hash);
CREATE INDEX articles_outlet ON articles(outlet);

CREATE TABLE stories (
    id          TEXT PRIMARY KEY,
    headline    TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

-- Vectors keyed by a hash of the embedded text, so identical text is never embedded twice.
CREATE TABLE embeddings (
    model       TEXT NOT NULL,
    key         TEXT NOT NULL,
    vector      BLOB NOT NULL,                      -- float16, little-endian
    PRIMARY KEY (model, key)
) WITHOUT ROWID;

-- Per-article clustering features (terms, entities, dates), computed once at ingest.
CREATE TABLE features (
    article_id  TEXT PRIMARY KEY REFERENCES articles(id),
    data        TEXT NOT NULL
) WITHOUT ROWID;

-- Document frequencies of terms over all stored articles, for IDF weights that grow with the store.
CREATE TABLE term_df (
    term        TEXT PRIMARY KEY,
    df          INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE briefs (
    story_id    TEXT PRIMARY KEY REFERENCES stories(id),
    fingerprint TEXT NOT NULL,                      -- changes when the story's articles change
    data        TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
