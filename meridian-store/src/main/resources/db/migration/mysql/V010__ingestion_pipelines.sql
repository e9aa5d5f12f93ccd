-- Ingestion pipelines (issue 16): OM's ingestionPipeline, an entity of the one shape whose parent
-- is its database service, and the statuses of its runs (OM's pipelineStatus), one row per run,
-- upserted by runId and listed by time.

CREATE TABLE ingestion_pipeline_entity (
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
CREATE INDEX ingestion_pipeline_entity_name_id ON ingestion_pipeline_entity (name, id);
CREATE INDEX ingestion_pipeline_entity_deleted_name_id ON ingestion_pipeline_entity (deleted, name, id);
CREATE INDEX ingestion_pipeline_entity_parent ON ingestion_pipeline_entity (parent_id, deleted, name, id);
INSERT INTO entity_lock (name) VALUES ('ingestion_pipeline_entity');

CREATE TABLE pipeline_status (
  pipeline_id CHAR(36)    NOT NULL,
  run_id      VARCHAR(64) NOT NULL,
  ts          BIGINT      NOT NULL,
  json        LONGTEXT NOT NULL CHECK (JSON_VALID(json)),
  PRIMARY KEY (pipeline_id, run_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_nopad_bin;
CREATE INDEX pipeline_status_ts ON pipeline_status (pipeline_id, ts);
