-- Search (issue 17): on the embedded store a write no longer writes the full-text index in its own
-- transaction. It notes which rows the index must catch up on, and the index catches up in batches:
-- in the background shortly after, before any search (so a search still finds every write that was
-- answered before it began), and within a write of many rows (docs/decisions.md, "The embedded
-- store's full-text index catches up"). FTS5 writes a segment of its own per transaction, and with
-- one per small write that was a third of a write's cost at eight connections (docs/performance.md).
--
-- search_pending holds one row per search row the index has not caught up on: indexed is 1 when the
-- index holds the row's tokens as they were then (kept here, as FTS5's 'delete' needs them), 0 when
-- it holds nothing of it (a row inserted since). A second change of the same row keeps the first
-- note: the index still holds what that note says. The index is not changed by this migration: it
-- holds every row as it is.

DROP TRIGGER search_entry_inserted;
DROP TRIGGER search_entry_deleted;
DROP TRIGGER search_entry_updated;

CREATE TABLE search_pending (
  seq           INTEGER PRIMARY KEY,
  indexed       BOOLEAN NOT NULL,
  t_name        TEXT,
  t_display     TEXT,
  t_columns     TEXT,
  t_description TEXT
);

CREATE TRIGGER search_entry_inserted AFTER INSERT ON search_entry BEGIN
  INSERT OR IGNORE INTO search_pending (seq, indexed) VALUES (new.seq, 0);
END;
CREATE TRIGGER search_entry_deleted AFTER DELETE ON search_entry BEGIN
  INSERT OR IGNORE INTO search_pending (seq, indexed, t_name, t_display, t_columns, t_description)
    VALUES (old.seq, 1, old.t_name, old.t_display, old.t_columns, old.t_description);
END;
CREATE TRIGGER search_entry_updated AFTER UPDATE OF t_name, t_display, t_columns, t_description ON search_entry BEGIN
  INSERT OR IGNORE INTO search_pending (seq, indexed, t_name, t_display, t_columns, t_description)
    VALUES (old.seq, 1, old.t_name, old.t_display, old.t_columns, old.t_description);
END;
