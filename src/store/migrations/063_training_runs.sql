-- Automatic retraining (a `train` job): what was trained, why, the figures of the model in use and of the candidate
-- on held-out reviewer examples, whether the candidate was promoted, and the item tags it changes on unreviewed
-- passages. The workspace and `ruecklauf retrain --list` show these rows.
CREATE TABLE training_runs (
  id             text PRIMARY KEY,
  pipeline_id    text NOT NULL,
  reason         text NOT NULL CHECK (reason IN ('corrections', 'admin')),
  requested_by   text,
  started_at     timestamptz NOT NULL DEFAULT now(),
  finished_at    timestamptz,
  previous_model text,
  candidate      text,
  promoted       boolean,
  held_out       integer,
  before         jsonb,
  after          jsonb,
  changes        jsonb,
  reclassified   integer,
  error          text
);
CREATE INDEX training_runs_pipeline_idx ON training_runs (pipeline_id, started_at DESC);
