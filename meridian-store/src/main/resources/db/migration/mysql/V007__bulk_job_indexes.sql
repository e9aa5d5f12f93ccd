-- Every replica renews its bulk-job leases and looks for expired ones every few seconds; bulk_job
-- keeps every job ever run, so both statements read an index on the running jobs, not the table.
CREATE INDEX bulk_job_runner ON bulk_job (status, runner);
CREATE INDEX bulk_job_lease ON bulk_job (status, heartbeat_at);
