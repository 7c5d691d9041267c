-- The association's assessment ("Bewertung", as in demosplan's Abwägungstabelle): an admin's text per item and,
-- where wanted, per passage; it is printed in the synopsis. version is the optimistic lock, as on passage_reviews.
CREATE TABLE assessments (
  pipeline_id text NOT NULL,
  target_kind text NOT NULL CHECK (target_kind IN ('item', 'passage')),
  -- The item id of the taxonomy, or the passage id. No foreign key: an assessment outlives a re-extraction.
  target_id   text NOT NULL,
  text        text NOT NULL,
  version     integer NOT NULL,
  updated_by  text NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (pipeline_id, target_kind, target_id)
);

-- Every change of an assessment, like tag_audit for tags: who, when, before and after, the version it produced.
CREATE TABLE assessment_audit (
  id          bigserial PRIMARY KEY,
  pipeline_id text NOT NULL,
  target_kind text NOT NULL CHECK (target_kind IN ('item', 'passage')),
  target_id   text NOT NULL,
  username    text NOT NULL,
  at          timestamptz NOT NULL DEFAULT now(),
  before      text,
  after       text,
  version     integer NOT NULL
);
CREATE INDEX assessment_audit_target_idx ON assessment_audit (pipeline_id, target_kind, target_id, id);
