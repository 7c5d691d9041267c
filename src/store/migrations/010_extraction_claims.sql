-- docs/reliability.md, class 2: an extraction claims its document before it starts, so the requeue sweep does not run a
-- second extraction of a document that is still being extracted, and a write from a superseded run (a late failure
-- after another run finished the document) is refused. `attempt` is the claim's token, bumped by every claim and
-- by a reprocess; `claimed_by` the worker process holding the claim, live while its heartbeat is fresh.
ALTER TABLE documents ADD COLUMN attempt integer NOT NULL DEFAULT 0;
ALTER TABLE documents ADD COLUMN claimed_by text;

-- One row per worker process, touched every few seconds while it runs (src/queue/worker-heartbeat.ts).
CREATE TABLE worker_heartbeats (
  worker_id text PRIMARY KEY,
  seen_at   timestamptz NOT NULL DEFAULT now()
);
