-- Arguments per subject (an item or a topic) of a pipeline. Machine-made ones are replaced whenever their subject is
-- recomputed; reviewed ones (renamed, merged, split, a passage moved in, a quote pinned) are kept, with their id.
CREATE TABLE arguments (
  id                    text PRIMARY KEY,
  pipeline_id           text NOT NULL,
  subject               text NOT NULL,
  -- The label shown: the reviewer's when they gave one, else the machine's from the current members.
  label                 text NOT NULL,
  reviewer_label        text,
  representative        text,
  -- The reviewer chose this quote; recomputation keeps it while the passage is a member.
  representative_pinned boolean NOT NULL DEFAULT false,
  reviewed              boolean NOT NULL DEFAULT false,
  reviewed_by           text,
  reviewed_at           timestamptz,
  updated_at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX arguments_subject_idx ON arguments (pipeline_id, subject);

-- Where a passage stands under a subject: in an argument, or (argument_id NULL) among "Einzelne Äußerungen".
-- pinned: a reviewer put it there, so recomputation leaves it.
CREATE TABLE argument_members (
  pipeline_id text NOT NULL,
  subject     text NOT NULL,
  passage_id  text NOT NULL REFERENCES passages (id) ON DELETE CASCADE,
  argument_id text REFERENCES arguments (id) ON DELETE CASCADE,
  pinned      boolean NOT NULL DEFAULT false,
  PRIMARY KEY (pipeline_id, subject, passage_id)
);
CREATE INDEX argument_members_argument_idx ON argument_members (argument_id);

-- What each subject's stored grouping was computed from (passages, their texts, reviewers' decisions): a
-- recomputation skips every subject whose fingerprint is unchanged.
CREATE TABLE argument_inputs (
  pipeline_id text NOT NULL,
  subject     text NOT NULL,
  fingerprint text NOT NULL,
  computed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (pipeline_id, subject)
);
