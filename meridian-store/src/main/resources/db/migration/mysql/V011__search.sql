-- Search (issue 17): one row per searchable entity with the tokens Meridian made of its name,
-- display name, column names and description (meridian.core.engine.search.Tokens), and the values
-- a search filters and counts by. Written in the same transaction as the entity. InnoDB's FULLTEXT
-- index finds them; its stop words and its three-letter minimum (innodb_ft_min_token_size, a
-- server setting) do not apply because every stored token carries a two-letter prefix (Dialect).

CREATE TABLE search_entry (
  id            CHAR(36)     NOT NULL PRIMARY KEY,
  entity_type   VARCHAR(64)  NOT NULL,
  deleted       BOOLEAN      NOT NULL,
  name_key      VARCHAR(256) NOT NULL,
  service       VARCHAR(256),
  service_type  VARCHAR(64),
  database_name VARCHAR(256),
  schema_name   VARCHAR(256),
  updated_at    BIGINT       NOT NULL,
  t_name        TEXT         NOT NULL,
  t_display     MEDIUMTEXT   NOT NULL,
  t_columns     MEDIUMTEXT   NOT NULL,
  t_description MEDIUMTEXT   NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_nopad_bin;
CREATE INDEX search_entry_type_name ON search_entry (entity_type, deleted, name_key, id);
CREATE FULLTEXT INDEX search_entry_terms ON search_entry (t_name, t_display, t_columns, t_description);

CREATE TABLE search_build (
  name  VARCHAR(32) NOT NULL PRIMARY KEY,
  state VARCHAR(16) NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_nopad_bin;
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
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_nopad_bin;
