-- Containment (issue 14, part 1): a child entity keeps its parent's id in a column of its own
-- table, so that "the children of X", "is X empty?" and a page of X's children in name order are
-- each one range of the (parent_id, deleted, name, id) index, and a subtree is walked one level at a
-- time (a few rows per level above the leaves). Chosen over a hash per FQN part by measurement
-- (bench/containment-layout.sh; docs/decisions.md, "Containment"). Root entities keep parent_id NULL.

ALTER TABLE database_service ADD COLUMN parent_id CHAR(36);
ALTER TABLE user_entity ADD COLUMN parent_id CHAR(36);
ALTER TABLE team_entity ADD COLUMN parent_id CHAR(36);
ALTER TABLE domain_entity ADD COLUMN parent_id CHAR(36);
ALTER TABLE data_product_entity ADD COLUMN parent_id CHAR(36);
ALTER TABLE classification ADD COLUMN parent_id CHAR(36);
ALTER TABLE tag ADD COLUMN parent_id CHAR(36);
ALTER TABLE automations_workflow ADD COLUMN parent_id CHAR(36);
CREATE INDEX database_service_parent ON database_service (parent_id, deleted, name, id);
CREATE INDEX user_entity_parent ON user_entity (parent_id, deleted, name, id);
CREATE INDEX team_entity_parent ON team_entity (parent_id, deleted, name, id);
CREATE INDEX domain_entity_parent ON domain_entity (parent_id, deleted, name, id);
CREATE INDEX data_product_entity_parent ON data_product_entity (parent_id, deleted, name, id);
CREATE INDEX classification_parent ON classification (parent_id, deleted, name, id);
CREATE INDEX tag_parent ON tag (parent_id, deleted, name, id);
CREATE INDEX automations_workflow_parent ON automations_workflow (parent_id, deleted, name, id);

-- Tags and sub-domains were children through 'contains' edges; now through parent_id (a top-level
-- tag's parent is its classification, a nested tag's its parent tag). The edges that said only that
-- go in the next migration, once the documents carry their ancestors (V009).
UPDATE tag SET parent_id = (SELECT r.from_id FROM entity_relationship r
  WHERE r.to_id = tag.id AND r.relation = 'contains' AND r.from_type = 'tag');
UPDATE tag SET parent_id = (SELECT r.from_id FROM entity_relationship r
  WHERE r.to_id = tag.id AND r.relation = 'contains' AND r.from_type = 'classification')
  WHERE parent_id IS NULL;
UPDATE domain_entity SET parent_id = (SELECT r.from_id FROM entity_relationship r
  WHERE r.to_id = domain_entity.id AND r.relation = 'contains' AND r.from_type = 'domain');

-- The catalog under a service (OM's database_entity, database_schema_entity, table_entity).
CREATE TABLE database_entity (
  id             CHAR(36)     NOT NULL PRIMARY KEY,
  name           VARCHAR(256) NOT NULL,
  fqn_hash       CHAR(64)     NOT NULL UNIQUE,
  parent_id      CHAR(36),
  json           LONGTEXT     NOT NULL CHECK (JSON_VALID(json)),
  version_tenths INTEGER      NOT NULL,
  row_version    INTEGER      NOT NULL,
  deleted        BOOLEAN      NOT NULL DEFAULT FALSE,
  updated_at     BIGINT       NOT NULL,
  updated_by     VARCHAR(256) NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_nopad_bin;
CREATE INDEX database_entity_name_id ON database_entity (name, id);
CREATE INDEX database_entity_deleted_name_id ON database_entity (deleted, name, id);
CREATE INDEX database_entity_parent ON database_entity (parent_id, deleted, name, id);
INSERT INTO entity_lock (name) VALUES ('database_entity');

CREATE TABLE database_schema_entity (
  id             CHAR(36)     NOT NULL PRIMARY KEY,
  name           VARCHAR(256) NOT NULL,
  fqn_hash       CHAR(64)     NOT NULL UNIQUE,
  parent_id      CHAR(36),
  json           LONGTEXT     NOT NULL CHECK (JSON_VALID(json)),
  version_tenths INTEGER      NOT NULL,
  row_version    INTEGER      NOT NULL,
  deleted        BOOLEAN      NOT NULL DEFAULT FALSE,
  updated_at     BIGINT       NOT NULL,
  updated_by     VARCHAR(256) NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_nopad_bin;
CREATE INDEX database_schema_entity_name_id ON database_schema_entity (name, id);
CREATE INDEX database_schema_entity_deleted_name_id ON database_schema_entity (deleted, name, id);
CREATE INDEX database_schema_entity_parent ON database_schema_entity (parent_id, deleted, name, id);
INSERT INTO entity_lock (name) VALUES ('database_schema_entity');

CREATE TABLE table_entity (
  id             CHAR(36)     NOT NULL PRIMARY KEY,
  name           VARCHAR(256) NOT NULL,
  fqn_hash       CHAR(64)     NOT NULL UNIQUE,
  parent_id      CHAR(36),
  json           LONGTEXT     NOT NULL CHECK (JSON_VALID(json)),
  version_tenths INTEGER      NOT NULL,
  row_version    INTEGER      NOT NULL,
  deleted        BOOLEAN      NOT NULL DEFAULT FALSE,
  updated_at     BIGINT       NOT NULL,
  updated_by     VARCHAR(256) NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_nopad_bin;
CREATE INDEX table_entity_name_id ON table_entity (name, id);
CREATE INDEX table_entity_deleted_name_id ON table_entity (deleted, name, id);
CREATE INDEX table_entity_parent ON table_entity (parent_id, deleted, name, id);
INSERT INTO entity_lock (name) VALUES ('table_entity');

-- List totals per parent as well as per table (parent_id '' is the whole table): a page of one
-- parent's children shows its total without counting them. Seeded with the counts as they are.
CREATE TABLE entity_count_by_parent (
  name      VARCHAR(64) NOT NULL,
  parent_id VARCHAR(36) NOT NULL,
  stripe    INTEGER     NOT NULL,
  deleted   BOOLEAN     NOT NULL,
  n         BIGINT      NOT NULL,
  PRIMARY KEY (name, parent_id, stripe, deleted)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_nopad_bin;
INSERT INTO entity_count_by_parent (name, parent_id, stripe, deleted, n)
  SELECT name, '', stripe, deleted, n FROM entity_count;
INSERT INTO entity_count_by_parent (name, parent_id, stripe, deleted, n)
  SELECT 'tag', parent_id, 0, deleted, COUNT(*) FROM tag WHERE parent_id IS NOT NULL GROUP BY parent_id, deleted;
INSERT INTO entity_count_by_parent (name, parent_id, stripe, deleted, n)
  SELECT 'domain_entity', parent_id, 0, deleted, COUNT(*) FROM domain_entity WHERE parent_id IS NOT NULL GROUP BY parent_id, deleted;
DROP TABLE entity_count;

-- Column tags (step 6) are tag usages of a part of an entity: field_hash names the part (a hash of
-- the column's path in the table; '' for the entity itself).
CREATE TABLE tag_usage_by_field (
  target_id   CHAR(36)    NOT NULL,
  target_type VARCHAR(64) NOT NULL,
  field_hash  VARCHAR(64) NOT NULL,
  tag_id      CHAR(36)    NOT NULL,
  source      VARCHAR(16) NOT NULL,
  label_type  VARCHAR(16) NOT NULL,
  state       VARCHAR(16) NOT NULL,
  PRIMARY KEY (target_id, field_hash, tag_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_nopad_bin;
INSERT INTO tag_usage_by_field (target_id, target_type, field_hash, tag_id, source, label_type, state)
  SELECT target_id, target_type, '', tag_id, source, label_type, state FROM tag_usage;
DROP TABLE tag_usage;
CREATE INDEX tag_usage_by_field_tag ON tag_usage_by_field (tag_id);

-- One job table for all long work (bulk upserts, recursive deletes and restores; later CSV and
-- ingestion): its state, progress and lease in the store, so any replica reports it and takes it over
-- when the replica running it dies. The bulk jobs move in; kind says which work a job is.
CREATE TABLE job (
  id           CHAR(36)     NOT NULL PRIMARY KEY,
  kind         VARCHAR(32)  NOT NULL,
  entity_type  VARCHAR(64)  NOT NULL,
  target_id    CHAR(36),
  state        VARCHAR(16)  NOT NULL,
  submitted_by VARCHAR(256) NOT NULL,
  created_at   BIGINT       NOT NULL,
  finished_at  BIGINT,
  done         BIGINT       NOT NULL DEFAULT 0,
  total        BIGINT       NOT NULL DEFAULT 0,
  request      LONGTEXT,
  result       LONGTEXT,
  runner       VARCHAR(64),
  heartbeat_at BIGINT
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_nopad_bin;
INSERT INTO job (id, kind, entity_type, target_id, state, submitted_by, created_at, finished_at, request, result, runner, heartbeat_at)
  SELECT id, 'bulk', entity_type, NULL, status, submitted_by, created_at, finished_at, request, result, runner, heartbeat_at FROM bulk_job;
DROP TABLE bulk_job;
CREATE INDEX job_runner ON job (state, runner);
CREATE INDEX job_lease ON job (state, heartbeat_at);
CREATE INDEX job_target ON job (target_id, state);
