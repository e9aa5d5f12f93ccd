-- Asynchronous bulk jobs survive the replica that accepted them: the job keeps its request, the
-- replica running it (runner) renews a lease (heartbeat_at), and any replica takes over a job
-- whose lease has run out and runs it again from the request (bulk upserts are idempotent).
-- Jobs accepted before this migration have no request; they are finished as they were.
ALTER TABLE bulk_job ADD COLUMN request TEXT;
ALTER TABLE bulk_job ADD COLUMN runner VARCHAR(64);
ALTER TABLE bulk_job ADD COLUMN heartbeat_at BIGINT;
