-- A count of changes to stories, to which story each article belongs, and to provenance: what the web
-- layer keys its story pages and listings on. An ingest storing articles not yet placed in a story leaves
-- it alone, so those pages stay cached until the articles are placed. Kept by triggers, so every writer
-- (the pipeline, a batch load, a recluster) counts, whatever its clock says.
CREATE TABLE story_changes (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    n   INTEGER NOT NULL
);
INSERT INTO story_changes (id, n) VALUES (1, 0);
-- Each trigger stays on one line: the migration runner splits statements at a semicolon ending a line.
CREATE TRIGGER story_changes_story_insert AFTER INSERT ON stories BEGIN UPDATE story_changes SET n = n + 1; END;
CREATE TRIGGER story_changes_story_update AFTER UPDATE ON stories BEGIN UPDATE story_changes SET n = n + 1; END;
CREATE TRIGGER story_changes_story_delete AFTER DELETE ON stories BEGIN UPDATE story_changes SET n = n + 1; END;
CREATE TRIGGER story_changes_article_insert AFTER INSERT ON articles WHEN new.story_id IS NOT NULL BEGIN UPDATE story_changes SET n = n + 1; END;
CREATE TRIGGER story_changes_article_placed AFTER UPDATE OF story_id ON articles BEGIN UPDATE story_changes SET n = n + 1; END;
CREATE TRIGGER story_changes_article_delete AFTER DELETE ON articles WHEN old.story_id IS NOT NULL BEGIN UPDATE story_changes SET n = n + 1; END;
CREATE TRIGGER story_changes_provenance_insert AFTER INSERT ON provenance BEGIN UPDATE story_changes SET n = n + 1; END;
CREATE TRIGGER story_changes_provenance_update AFTER UPDATE ON provenance BEGIN UPDATE story_changes SET n = n + 1; END;
CREATE TRIGGER story_changes_provenance_delete AFTER DELETE ON provenance BEGIN UPDATE story_changes SET n = n + 1; END;
