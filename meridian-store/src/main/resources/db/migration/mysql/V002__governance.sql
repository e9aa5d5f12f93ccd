-- Governance (roadmap step 3): teams, domains, data products, classifications and tags, and tag
-- usage by tag id (this store never had the first step's tag_usage shape, so it is made here).

CREATE TABLE team_entity (
  id             CHAR(36)     NOT NULL PRIMARY KEY,
  name           VARCHAR(256) NOT NULL,
  fqn_hash       CHAR(64)     NOT NULL UNIQUE,
  json           LONGTEXT     NOT NULL CHECK (JSON_VALID(json)),
  version_tenths INTEGER      NOT NULL,
  row_version    INTEGER      NOT NULL,
  deleted        BOOLEAN      NOT NULL DEFAULT FALSE,
  updated_at     BIGINT       NOT NULL,
  updated_by     VARCHAR(256) NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_nopad_bin;
CREATE INDEX team_entity_name_id ON team_entity (name, id);

CREATE TABLE domain_entity (
  id             CHAR(36)     NOT NULL PRIMARY KEY,
  name           VARCHAR(256) NOT NULL,
  fqn_hash       CHAR(64)     NOT NULL UNIQUE,
  json           LONGTEXT     NOT NULL CHECK (JSON_VALID(json)),
  version_tenths INTEGER      NOT NULL,
  row_version    INTEGER      NOT NULL,
  deleted        BOOLEAN      NOT NULL DEFAULT FALSE,
  updated_at     BIGINT       NOT NULL,
  updated_by     VARCHAR(256) NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_nopad_bin;
CREATE INDEX domain_entity_name_id ON domain_entity (name, id);

CREATE TABLE data_product_entity (
  id             CHAR(36)     NOT NULL PRIMARY KEY,
  name           VARCHAR(256) NOT NULL,
  fqn_hash       CHAR(64)     NOT NULL UNIQUE,
  json           LONGTEXT     NOT NULL CHECK (JSON_VALID(json)),
  version_tenths INTEGER      NOT NULL,
  row_version    INTEGER      NOT NULL,
  deleted        BOOLEAN      NOT NULL DEFAULT FALSE,
  updated_at     BIGINT       NOT NULL,
  updated_by     VARCHAR(256) NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_nopad_bin;
CREATE INDEX data_product_entity_name_id ON data_product_entity (name, id);

CREATE TABLE classification (
  id             CHAR(36)     NOT NULL PRIMARY KEY,
  name           VARCHAR(256) NOT NULL,
  fqn_hash       CHAR(64)     NOT NULL UNIQUE,
  json           LONGTEXT     NOT NULL CHECK (JSON_VALID(json)),
  version_tenths INTEGER      NOT NULL,
  row_version    INTEGER      NOT NULL,
  deleted        BOOLEAN      NOT NULL DEFAULT FALSE,
  updated_at     BIGINT       NOT NULL,
  updated_by     VARCHAR(256) NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_nopad_bin;
CREATE INDEX classification_name_id ON classification (name, id);

CREATE TABLE tag (
  id             CHAR(36)     NOT NULL PRIMARY KEY,
  name           VARCHAR(256) NOT NULL,
  fqn_hash       CHAR(64)     NOT NULL UNIQUE,
  json           LONGTEXT     NOT NULL CHECK (JSON_VALID(json)),
  version_tenths INTEGER      NOT NULL,
  row_version    INTEGER      NOT NULL,
  deleted        BOOLEAN      NOT NULL DEFAULT FALSE,
  updated_at     BIGINT       NOT NULL,
  updated_by     VARCHAR(256) NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_nopad_bin;
CREATE INDEX tag_name_id ON tag (name, id);

CREATE TABLE tag_usage (
  target_id   CHAR(36)    NOT NULL,
  target_type VARCHAR(64) NOT NULL,
  tag_id      CHAR(36)    NOT NULL,
  source      VARCHAR(16) NOT NULL,
  label_type  VARCHAR(16) NOT NULL,
  state       VARCHAR(16) NOT NULL,
  PRIMARY KEY (target_id, tag_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_nopad_bin;
CREATE INDEX tag_usage_tag ON tag_usage (tag_id);
