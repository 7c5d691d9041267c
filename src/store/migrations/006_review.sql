-- Review workspace: local accounts, sessions, reviewer state per passage, the audit trail of tag changes, and the
-- reviewer's word on which Landkreis a reply (or a forwarded reply inside it) speaks for.
CREATE TABLE review_users (
  id            serial PRIMARY KEY,
  username      text NOT NULL UNIQUE,
  role          text NOT NULL CHECK (role IN ('admin', 'reviewer')),
  -- "scrypt$N$r$p$salt$hash" (base64url): the parameters travel with the hash so they can be raised later.
  password_hash text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  disabled_at   timestamptz
);

-- Only the sha256 of the cookie value is stored: a copy of this table does not let anyone log in.
CREATE TABLE review_sessions (
  token_hash   text PRIMARY KEY,
  user_id      integer NOT NULL REFERENCES review_users (id) ON DELETE CASCADE,
  csrf_token   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL
);
CREATE INDEX review_sessions_user_idx ON review_sessions (user_id);

-- Reviewer state of a passage. version is the optimistic lock: every change must name the version it saw.
CREATE TABLE passage_reviews (
  passage_id           text PRIMARY KEY REFERENCES passages (id) ON DELETE CASCADE,
  version              integer NOT NULL DEFAULT 0,
  reviewed_by          text,
  reviewed_at          timestamptz,
  -- NULL: the extractor's judgement stands; true/false: the reviewer says it is / is not boilerplate.
  boilerplate_override boolean
);

-- Who changed what on which passage. No foreign key: the record outlives a re-extraction that drops a passage.
CREATE TABLE tag_audit (
  id          bigserial PRIMARY KEY,
  passage_id  text NOT NULL,
  username    text NOT NULL,
  at          timestamptz NOT NULL DEFAULT now(),
  dimension   text NOT NULL CHECK (dimension IN ('item', 'topic', 'stance', 'boilerplate')),
  before      jsonb NOT NULL,
  after       jsonb NOT NULL,
  -- The passage version this change produced.
  version     integer NOT NULL
);
CREATE INDEX tag_audit_passage_idx ON tag_audit (passage_id, id);

-- A reviewer's assignment of a reply to a respondent (AGS). origin_path is '' for the mail's own sender and
-- 'msg1', 'msg2' … for a forwarded reply inside it; ags NULL means "not a Landkreis".
CREATE TABLE respondent_assignments (
  message_id  text NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  origin_path text NOT NULL DEFAULT '',
  ags         text,
  assigned_by text NOT NULL,
  assigned_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (message_id, origin_path)
);
