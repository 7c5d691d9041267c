-- Trained classifier models per pipeline. The newest model `ruecklauf train` stored for a pipeline is the one the
-- classify stage uses; without one, a model trained from the pipeline's files is stored (origin 'files') under the
-- fingerprint of those files, so the next process reuses it. Tags record the model's id (tags.model_version).
CREATE TABLE models (
  id              text PRIMARY KEY,
  pipeline_id     text NOT NULL,
  origin          text NOT NULL CHECK (origin IN ('train', 'files')),
  -- For origin 'files': sha256 of the training file, the taxonomy and the feature version it was trained from.
  fingerprint     text,
  -- Features the model was built on; a model for other features than the running code's is not used.
  feature_version text NOT NULL,
  examples        integer NOT NULL,
  reviewer_examples integer NOT NULL,
  metrics         jsonb NOT NULL,
  -- The serialised model (JSON text: read whole, never queried inside).
  model           text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX models_pipeline_created_idx ON models (pipeline_id, origin, created_at DESC);
