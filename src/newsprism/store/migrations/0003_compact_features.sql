-- Clustering features in compact binary form: the static embedding of title and lead (float16) and the
-- hashed term buckets of each channel; document frequencies by bucket. Features of the old form are
-- dropped here and recomputed from the stored text on next use (fast: no transformer on this path).
DELETE FROM features;
ALTER TABLE features ADD COLUMN vector BLOB;
ALTER TABLE features ADD COLUMN channels BLOB;
DROP TABLE term_df;
CREATE TABLE bucket_df (
    bucket      INTEGER PRIMARY KEY,
    df          INTEGER NOT NULL
);
-- Small facts about the store itself, such as which static model computed its features.
CREATE TABLE meta (
    key         TEXT PRIMARY KEY,
    value       TEXT NOT NULL
) WITHOUT ROWID;
