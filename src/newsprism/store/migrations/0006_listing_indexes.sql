-- Story and outlet listings read only these columns of articles. An article's published and ingested_at
-- come after its text in the row, so without covering indexes every listing read through each text.
CREATE INDEX articles_story_seen ON articles(story_id, published, ingested_at);
CREATE INDEX articles_outlet_seen ON articles(outlet, story_id, published, ingested_at);
-- Prefixes of the two above, so no longer needed.
DROP INDEX articles_story;
DROP INDEX articles_outlet;
