-- Full-text search over every article's title and text (SQLite FTS5), kept in step by triggers.
-- External content: the index points at articles.seq and stores no second copy of the text.
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text, content='articles', content_rowid='seq', tokenize='porter unicode61 remove_diacritics 2'
);
-- Each trigger stays on one line: the migration runner splits statements at a semicolon ending a line.
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN INSERT INTO articles_fts (rowid, title, text) VALUES (new.seq, new.title, new.text); END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text); END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text); INSERT INTO articles_fts (rowid, title, text) VALUES (new.seq, new.title, new.text); END;
-- Back-fill the articles stored before this migration.
INSERT INTO articles_fts (articles_fts) VALUES ('rebuild');

-- The web layer's cheap "has anything changed?" token reads the latest story update.
CREATE INDEX stories_updated ON stories(updated_at);
CREATE INDEX articles_published ON articles(published);
