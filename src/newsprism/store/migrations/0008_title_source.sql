-- Where each article's title came from: 'metadata' (given with the document), 'first_line' (a headline
-- standing alone on the first line) or 'sentence' (made from the first sentence). Story headlines prefer
-- the first two. NULL for articles stored before this migration: the headline choice then tells a title
-- made from a sentence by comparing it with the article's first sentence.
ALTER TABLE articles ADD COLUMN title_source TEXT;
