-- Copies, near copies and rewrites; MinHash signatures; recorded story changes.
CREATE TABLE provenance (
    article_id  TEXT PRIMARY KEY REFERENCES articles(id),
    kind        TEXT NOT NULL CHECK (kind IN ('copy', 'near_copy', 'rewrite')),
    original_id TEXT NOT NULL REFERENCES articles(id),
    score       REAL NOT NULL
) WITHOUT ROWID;
CREATE INDEX provenance_original ON provenance(original_id);

CREATE TABLE signatures (
    article_id  TEXT PRIMARY KEY REFERENCES articles(id),
    minhash     BLOB NOT NULL                       -- 128 uint32 (datasketch affine32), little-endian
) WITHOUT ROWID;

-- Every change to existing stories (merges and splits by `recluster`), so none is silent.
CREATE TABLE story_events (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    at          TEXT NOT NULL,
    kind        TEXT NOT NULL,
    story_id    TEXT NOT NULL,
    detail      TEXT NOT NULL                       -- JSON
);
CREATE INDEX story_events_story ON story_events(story_id);
