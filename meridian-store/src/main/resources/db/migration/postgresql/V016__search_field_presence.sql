-- Search (issue 17): on the embedded store (SQLite) a broad search first asks the full-text index
-- which fields hold its words (that dialect's migration 016, a view of FTS5's vocabulary). This
-- store's search does not need it: the migration keeps the dialects' versions in step.
UPDATE search_build SET state = state WHERE name = 'catalog';
