-- Lists of live (or only deleted) entities, and their counts, read the (deleted, name, id) index:
-- a page is a range of it and paging.total counts index entries, never table rows. Lists that take
-- both (include=all) keep the (name, id) index.

CREATE INDEX database_service_deleted_name_id ON database_service (deleted, name, id);
CREATE INDEX user_entity_deleted_name_id ON user_entity (deleted, name, id);
CREATE INDEX team_entity_deleted_name_id ON team_entity (deleted, name, id);
CREATE INDEX domain_entity_deleted_name_id ON domain_entity (deleted, name, id);
CREATE INDEX data_product_entity_deleted_name_id ON data_product_entity (deleted, name, id);
CREATE INDEX classification_deleted_name_id ON classification (deleted, name, id);
CREATE INDEX tag_deleted_name_id ON tag (deleted, name, id);
CREATE INDEX automations_workflow_deleted_name_id ON automations_workflow (deleted, name, id);

-- One row per entity table: a write that lost a race for a new name takes its table's row
-- (SELECT ... FOR UPDATE) before it tries again, so writers creating the same names queue one
-- behind the other instead of colliding on the unique key again (see EntityDao#lockCreates).
-- SQLite never reads it: there the whole database has one writer at a time.
CREATE TABLE entity_lock (
  name VARCHAR(64) NOT NULL PRIMARY KEY
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_nopad_bin;
INSERT INTO entity_lock (name) VALUES ('database_service');
INSERT INTO entity_lock (name) VALUES ('user_entity');
INSERT INTO entity_lock (name) VALUES ('team_entity');
INSERT INTO entity_lock (name) VALUES ('domain_entity');
INSERT INTO entity_lock (name) VALUES ('data_product_entity');
INSERT INTO entity_lock (name) VALUES ('classification');
INSERT INTO entity_lock (name) VALUES ('tag');
INSERT INTO entity_lock (name) VALUES ('automations_workflow');
