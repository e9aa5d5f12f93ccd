-- Search (issue 17): which fields of the index hold a word at all, read before a broad search's tiers
-- (docs/performance.md, "Fewer passes over the index, and one segment"). FTS5's
-- vocabulary table of kind 'col' answers, for each term, the rows that hold it in each column; it
-- is a view of the index (nothing is stored), read by term, so a range of terms (a prefix) is cheap
-- to find. Named after the index, so that whatever leaves the index's own tables aside leaves it too.
CREATE VIRTUAL TABLE search_fts_vocab USING fts5vocab(search_fts, col);
