-- Search (issue 17): the embedded store answers a broad search from its full-text index alone,
-- without reading each match's row (docs/decisions.md, "A broad search on the embedded store reads
-- the index, not the rows").
--
-- * A combination of the values a search filters and counts by (type, deleted, service, service
--   type, database, schema) is one row of search_count: this store keeps one stripe (one writer at
--   a time). The row gets an INTEGER PRIMARY KEY, which VACUUM keeps.
-- * A search row's seq (its rowid, and the FTS5 rowid) is its combination's id shifted 32 bits
--   left, plus a number within the combination. A search's counts per facet are then its matches'
--   rowids grouped by rowid >> 32: the index alone. A write that changes a row's combination (a
--   delete, a restore, a move of its parent) moves the row to a new seq.
-- * The FTS5 table keeps which columns hold each token (detail = column), so that a search asks the
--   index which matches hold a word in their name, which in their display name, and so on: the
--   score's tiers, without reading the rows.
--
-- The index is emptied and marked pending: the server builds it again after it starts listening,
-- in batches, while it answers (/healthz says so).

DROP TRIGGER search_entry_inserted;
DROP TRIGGER search_entry_deleted;
DROP TRIGGER search_entry_updated;
DROP TABLE search_fts;
DELETE FROM search_entry;
DROP TABLE search_count;

CREATE TABLE search_count (
  id            INTEGER      PRIMARY KEY,
  facet_hash    CHAR(64)     NOT NULL,
  stripe        INTEGER      NOT NULL,
  entity_type   VARCHAR(64)  NOT NULL,
  deleted       BOOLEAN      NOT NULL,
  service       VARCHAR(256),
  service_type  VARCHAR(64),
  database_name VARCHAR(256),
  schema_name   VARCHAR(256),
  n             BIGINT       NOT NULL,
  UNIQUE (facet_hash, stripe)
);

CREATE VIRTUAL TABLE search_fts USING fts5(
  t_name, t_display, t_columns, t_description,
  content = 'search_entry', content_rowid = 'seq', detail = column, columnsize = 0,
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
