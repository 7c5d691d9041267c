-- Issue 15, workspace: full-text search, API tokens, reply assignment, review state per dimension.

-- German full text of every passage, kept by PostgreSQL itself (also in embedded PGlite, which ships the german
-- snowball stemmer): "Abschiebungen" finds "Abschiebung".
ALTER TABLE passages ADD COLUMN search tsvector GENERATED ALWAYS AS (to_tsvector('german', text)) STORED;
CREATE INDEX passages_search_idx ON passages USING gin (search);
CREATE INDEX tags_label_idx ON tags (dimension, label);

-- Bearer tokens for /api and /export. Only the sha256 of a token is stored; it is shown once, when made.
CREATE TABLE api_tokens (
  id           serial PRIMARY KEY,
  user_id      integer NOT NULL REFERENCES review_users (id) ON DELETE CASCADE,
  label        text NOT NULL DEFAULT '',
  token_hash   text NOT NULL UNIQUE,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at   timestamptz
);

-- Which reviewer works on a reply ("mine" in the inbox).
CREATE TABLE reply_assignments (
  message_id  text PRIMARY KEY REFERENCES messages (id) ON DELETE CASCADE,
  username    text NOT NULL,
  assigned_by text NOT NULL,
  assigned_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reply_assignments_user_idx ON reply_assignments (username);

-- A passage is reviewed once a reviewer decided every dimension (items, topics, stance) or called it boilerplate.
-- Until now one change marked the whole passage; those half-reviewed passages go back to the queue.
UPDATE passage_reviews r SET reviewed_at = NULL
WHERE r.reviewed_at IS NOT NULL
  AND r.boilerplate_override IS DISTINCT FROM true
  AND (SELECT count(DISTINCT t.dimension) FROM tags t WHERE t.passage_id = r.passage_id AND t.source = 'reviewer') < 3;

-- Split and merge are recorded in the audit trail of the passages they replaced.
ALTER TABLE tag_audit DROP CONSTRAINT tag_audit_dimension_check;
ALTER TABLE tag_audit ADD CONSTRAINT tag_audit_dimension_check
  CHECK (dimension IN ('item', 'topic', 'stance', 'boilerplate', 'split', 'merge'));
