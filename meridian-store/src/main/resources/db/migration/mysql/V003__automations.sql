-- OM's automations workflows (test connection requests the server runs itself), an entity
-- table of the one shape.

CREATE TABLE automations_workflow (
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
CREATE INDEX automations_workflow_name_id ON automations_workflow (name, id);
