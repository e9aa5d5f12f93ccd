-- Search (issue 17): a lighter full-text index, measured on the write path. The FTS5 table keeps
-- no positions and no column sizes (detail = none, columnsize = 0: Meridian matches whole tokens
-- and prefixes and ranks in SQL, never by phrase or bm25) and no prefix indexes; the update trigger
-- fires only when a token column is set, so a write that leaves the searched text alone leaves the
-- index alone. The index is emptied and marked pending: the server builds it again after it starts
-- listening, in batches, while it answers (/healthz says so), as for a store from before search.

DROP TRIGGER search_entry_inserted;
DROP TRIGGER search_entry_deleted;
DROP TRIGGER search_entry_updated;
DROP TABLE search_fts;
DELETE FROM search_entry;
DELETE FROM search_count;

CREATE VIRTUAL TABLE search_fts USING fts5(
  t_name, t_display, t_columns, t_description,
  content = 'search_entry', content_rowid = 'seq', detail = none, columnsize = 0,
  tokenize = 'unicode61 remove_diacritics 0');

CREATE TRIGGER search_entry_inserted AFTER INSERT ON search_entry BEGIN
  INSERT INTO search_fts (rowid, t_name, t_display, t_columns, t_description)
    VALUES (new.seq, new.t_name, new.t_display, new.t_columns, new.t_description);
END;
CREATE TRIGGER search_entry_deleted AFTER DELETE ON search_entry BEGIN
  INSERT INTO search_fts (search_fts, rowid, t_name, t_display, t_columns, t_description)
    VALUES ('delete', old.seq, old.t_name, old.t_display, old.t_columns, old.t_description);
END;
CREATE TRIGGER search_entry_updated AFTER UPDATE OF t_name, t_display, t_columns, t_description ON search_entry BEGIN
  INSERT INTO search_fts (search_fts, rowid, t_name, t_display, t_columns, t_description)
    VALUES ('delete', old.seq, old.t_name, old.t_display, old.t_columns, old.t_description);
  INSERT INTO search_fts (rowid, t_name, t_display, t_columns, t_description)
    VALUES (new.seq, new.t_name, new.t_display, new.t_columns, new.t_description);
END;

UPDATE search_build SET state = 'pending';
