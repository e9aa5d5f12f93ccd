-- Search (issue 17): one row per searchable entity with the tokens Meridian made of its name,
-- display name, column names and description (meridian.core.engine.search.Tokens), and the values
-- a search filters and counts by. Written in the same transaction as the entity. SQLite's FTS5
-- indexes the token columns as an external-content table kept by triggers; seq is the row's
-- stable rowid (an INTEGER PRIMARY KEY is never renumbered by VACUUM).

CREATE TABLE search_entry (
  seq           INTEGER      PRIMARY KEY,
  id            CHAR(36)     NOT NULL UNIQUE,
  entity_type   VARCHAR(64)  NOT NULL,
  deleted       BOOLEAN      NOT NULL,
  name_key      VARCHAR(256) NOT NULL,
  service       VARCHAR(256),
  service_type  VARCHAR(64),
  database_name VARCHAR(256),
  schema_name   VARCHAR(256),
  updated_at    BIGINT       NOT NULL,
  t_name        TEXT         NOT NULL,
  t_display     TEXT         NOT NULL,
  t_columns     TEXT         NOT NULL,
  t_description TEXT         NOT NULL
);
CREATE INDEX search_entry_type_name ON search_entry (entity_type, deleted, name_key, id);

CREATE VIRTUAL TABLE search_fts USING fts5(
  t_name, t_display, t_columns, t_description,
  content = 'search_entry', content_rowid = 'seq', prefix = '2 3', tokenize = 'unicode61 remove_diacritics 0');

CREATE TRIGGER search_entry_inserted AFTER INSERT ON search_entry BEGIN
  INSERT INTO search_fts (rowid, t_name, t_display, t_columns, t_description)
    VALUES (new.seq, new.t_name, new.t_display, new.t_columns, new.t_description);
END;
CREATE TRIGGER search_entry_deleted AFTER DELETE ON search_entry BEGIN
  INSERT INTO search_fts (search_fts, rowid, t_name, t_display, t_columns, t_description)
    VALUES ('delete', old.seq, old.t_name, old.t_display, old.t_columns, old.t_description);
END;
CREATE TRIGGER search_entry_updated AFTER UPDATE ON search_entry BEGIN
  INSERT INTO search_fts (search_fts, rowid, t_name, t_display, t_columns, t_description)
    VALUES ('delete', old.seq, old.t_name, old.t_display, old.t_columns, old.t_description);
  INSERT INTO search_fts (rowid, t_name, t_display, t_columns, t_description)
    VALUES (new.seq, new.t_name, new.t_display, new.t_columns, new.t_description);
END;

-- Whether the index holds every entity: 'pending' until the server has built it from the entity
-- tables (a store written by an earlier release), then 'ready'.
CREATE TABLE search_build (
  name  VARCHAR(32) NOT NULL PRIMARY KEY,
  state VARCHAR(16) NOT NULL
);
INSERT INTO search_build (name, state) VALUES ('catalog', 'pending');

-- How many rows each combination of facets has (kept with every put and removal of a row), so that a
-- search without words (OM's Explore page as it opens) counts and aggregates a few rows per schema
-- instead of every row. Keyed by a hash of the combination; spread over stripes where writers run at once.
CREATE TABLE search_count (
  facet_hash    CHAR(64)     NOT NULL,
  stripe        INTEGER      NOT NULL,
  entity_type   VARCHAR(64)  NOT NULL,
  deleted       BOOLEAN      NOT NULL,
  service       VARCHAR(256),
  service_type  VARCHAR(64),
  database_name VARCHAR(256),
  schema_name   VARCHAR(256),
  n             BIGINT       NOT NULL,
  PRIMARY KEY (facet_hash, stripe)
);
