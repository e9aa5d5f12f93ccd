-- The total of every list (paging.total), kept instead of counted: each write transaction adds
-- what it changed (+1 for a create, a move between live and deleted, -1 for a hard delete) to one
-- of a few stripes of its table's counters, and a list sums the stripes. Counting the rows or their
-- index entries instead costs time in proportion to the table (issue 10 §1). Stripes spread
-- concurrent writers over several rows on PostgreSQL and MariaDB; SQLite uses stripe 0 only.
-- Seeded here with the counts as they are.
CREATE TABLE entity_count (
  name    VARCHAR(64) NOT NULL,
  stripe  INTEGER     NOT NULL,
  deleted BOOLEAN     NOT NULL,
  n       BIGINT      NOT NULL,
  PRIMARY KEY (name, stripe, deleted)
);
INSERT INTO entity_count (name, stripe, deleted, n) SELECT 'database_service', 0, deleted, COUNT(*) FROM database_service GROUP BY deleted;
INSERT INTO entity_count (name, stripe, deleted, n) SELECT 'user_entity', 0, deleted, COUNT(*) FROM user_entity GROUP BY deleted;
INSERT INTO entity_count (name, stripe, deleted, n) SELECT 'team_entity', 0, deleted, COUNT(*) FROM team_entity GROUP BY deleted;
INSERT INTO entity_count (name, stripe, deleted, n) SELECT 'domain_entity', 0, deleted, COUNT(*) FROM domain_entity GROUP BY deleted;
INSERT INTO entity_count (name, stripe, deleted, n) SELECT 'data_product_entity', 0, deleted, COUNT(*) FROM data_product_entity GROUP BY deleted;
INSERT INTO entity_count (name, stripe, deleted, n) SELECT 'classification', 0, deleted, COUNT(*) FROM classification GROUP BY deleted;
INSERT INTO entity_count (name, stripe, deleted, n) SELECT 'tag', 0, deleted, COUNT(*) FROM tag GROUP BY deleted;
INSERT INTO entity_count (name, stripe, deleted, n) SELECT 'automations_workflow', 0, deleted, COUNT(*) FROM automations_workflow GROUP BY deleted;
