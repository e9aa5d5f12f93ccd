-- Meridian's first schema on PostgreSQL, the same shape as the SQLite one (ARCHITECTURE §3).
-- Names sort and compare byte by byte (COLLATE "C"), as on SQLite, whatever the database's locale;
-- documents are JSON (kept exactly as written, unlike JSONB, which reorders keys: see docs/decisions.md).

CREATE TABLE database_service (
  id             CHAR(36)     NOT NULL PRIMARY KEY,
  name           VARCHAR(256) COLLATE "C" NOT NULL,
  fqn_hash       CHAR(64)     NOT NULL UNIQUE,
  json           JSON         NOT NULL,
  version_tenths INTEGER      NOT NULL,
  row_version    INTEGER      NOT NULL,
  deleted        BOOLEAN      NOT NULL DEFAULT FALSE,
  updated_at     BIGINT       NOT NULL,
  updated_by     VARCHAR(256) NOT NULL
);
CREATE INDEX database_service_name_id ON database_service (name, id);

CREATE TABLE user_entity (
  id             CHAR(36)     NOT NULL PRIMARY KEY,
  name           VARCHAR(256) COLLATE "C" NOT NULL,
  fqn_hash       CHAR(64)     NOT NULL UNIQUE,
  json           JSON         NOT NULL,
  version_tenths INTEGER      NOT NULL,
  row_version    INTEGER      NOT NULL,
  deleted        BOOLEAN      NOT NULL DEFAULT FALSE,
  updated_at     BIGINT       NOT NULL,
  updated_by     VARCHAR(256) NOT NULL
);
CREATE INDEX user_entity_name_id ON user_entity (name, id);

CREATE TABLE entity_version (
  entity_type    VARCHAR(64) NOT NULL,
  id             CHAR(36)    NOT NULL,
  version_tenths INTEGER     NOT NULL,
  json           JSON    NOT NULL,
  PRIMARY KEY (entity_type, id, version_tenths)
);

CREATE TABLE entity_relationship (
  from_id   CHAR(36)    NOT NULL,
  from_type VARCHAR(64) NOT NULL,
  to_id     CHAR(36)    NOT NULL,
  to_type   VARCHAR(64) NOT NULL,
  relation  VARCHAR(32) NOT NULL,
  PRIMARY KEY (from_id, to_id, relation)
);
CREATE INDEX entity_relationship_to ON entity_relationship (to_id, relation);

CREATE TABLE server_secret (
  name       VARCHAR(64) NOT NULL PRIMARY KEY,
  value      TEXT    NOT NULL,
  created_at BIGINT      NOT NULL
);

CREATE TABLE bulk_job (
  id           CHAR(36)     NOT NULL PRIMARY KEY,
  entity_type  VARCHAR(64)  NOT NULL,
  status       VARCHAR(16)  NOT NULL,
  submitted_by VARCHAR(256) NOT NULL,
  created_at   BIGINT       NOT NULL,
  finished_at  BIGINT,
  result       TEXT
);
