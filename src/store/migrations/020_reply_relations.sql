-- Relations between replies and passages (docs/letter-anatomy.md): who each reply unit speaks for, as attribution
-- computed it; near-duplicate passage groups; endorsements; reply versions. All are recomputed after every
-- classification; a reviewer's word (respondent_assignments, reply_versions with source 'reviewer') always wins.

-- The machine's attribution of a reply unit (origin_path '' for the mail, 'fwd1'/'msg1' … for a forwarded reply).
CREATE TABLE reply_respondents (
  message_id   text NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  origin_path  text NOT NULL DEFAULT '',
  ags          text,
  confidence   real NOT NULL,
  needs_review boolean NOT NULL,
  reason       text NOT NULL,
  -- Every clue with its source and weight, so a reviewer sees why.
  clues        jsonb NOT NULL,
  computed_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (message_id, origin_path)
);

-- Near-identical passages across replies (src/similarity/near-duplicates.ts); group_id is derived from the members.
CREATE TABLE passage_groups (
  passage_id  text PRIMARY KEY REFERENCES passages (id) ON DELETE CASCADE,
  pipeline_id text NOT NULL,
  group_id    text NOT NULL
);
CREATE INDEX passage_groups_group_idx ON passage_groups (pipeline_id, group_id);

-- "Wir schließen uns der Stellungnahme des … an": the passage that says it and the endorsed body.
CREATE TABLE endorsements (
  passage_id  text PRIMARY KEY REFERENCES passages (id) ON DELETE CASCADE,
  pipeline_id text NOT NULL,
  target      text NOT NULL,
  -- The endorsed Landkreis, when the target is one.
  target_ags  text,
  phrase      text NOT NULL
);

-- A later reply of a county to an earlier one: addendum (both count) or replacement (the earlier is superseded);
-- 'none' is a reviewer saying the two are not related.
CREATE TABLE reply_versions (
  message_id          text NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  origin_path         text NOT NULL DEFAULT '',
  earlier_message_id  text NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  earlier_origin_path text NOT NULL DEFAULT '',
  relation            text NOT NULL CHECK (relation IN ('addendum', 'replacement', 'none')),
  source              text NOT NULL CHECK (source IN ('auto', 'reviewer')),
  set_by              text,
  set_at              timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (message_id, origin_path)
);
