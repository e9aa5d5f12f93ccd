-- Search (issue 17): on the embedded store (SQLite) a write now notes what the full-text index must
-- catch up on, and the index catches up in batches (that dialect's migration 015). This store's
-- full-text index is written with the row and needs no change: the migration keeps the dialects'
-- versions in step.
UPDATE search_build SET state = state WHERE name = 'catalog';
