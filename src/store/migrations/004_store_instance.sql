-- A random identity of this database, made once. Queue names in Redis are namespaced by it, so two databases that
-- share one Redis and QUEUE_PREFIX (a demo and a test run, a restored backup) never see each other's jobs — and a
-- deterministic job id left over in Redis from another database can never swallow this database's job.
CREATE TABLE store_instance (
  id         text PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO store_instance (id) VALUES (substr(md5(random()::text || clock_timestamp()::text), 1, 12));
