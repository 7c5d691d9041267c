-- Content-addressed bytes: raw mails and attachments, never stored under a sender-chosen name.
CREATE TABLE blobs (
  sha256     text PRIMARY KEY,
  size       integer NOT NULL,
  bytes      bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- One row per reply. id derives from Message-ID + content hash (or the content hash alone), so redelivery is one row.
CREATE TABLE messages (
  id                text PRIMARY KEY,
  pipeline_id       text NOT NULL,
  raw_sha256        text NOT NULL REFERENCES blobs (sha256),
  header_message_id text,
  content_hash      text NOT NULL,
  -- Another stored mail carries the same Message-ID with different content: both kept, flagged for a reviewer.
  conflict          boolean NOT NULL DEFAULT false,
  source            text NOT NULL,
  from_address      text,
  from_name         text,
  subject           text,
  sent_at           timestamptz,
  state             text NOT NULL CHECK (state IN ('received', 'parsed', 'extracted', 'classified', 'failed')),
  -- Bumped by every reprocess; jobs carry it, and a job from an older generation does nothing.
  generation        integer NOT NULL DEFAULT 1,
  error_code        text,
  error_detail      text,
  warnings          jsonb NOT NULL DEFAULT '[]',
  received_at       timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX messages_state_idx ON messages (state);
CREATE INDEX messages_header_message_id_idx ON messages (header_message_id);

-- Every text source of a message: the body and each attachment, at any nesting depth.
CREATE TABLE documents (
  id                text PRIMARY KEY,
  message_id        text NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  path              text NOT NULL,
  -- Reading order inside the message: body first, then attachments as they appear.
  position          integer NOT NULL,
  kind              text NOT NULL CHECK (kind IN ('body', 'attachment')),
  filename          text,
  declared_type     text NOT NULL,
  blob_sha256       text NOT NULL REFERENCES blobs (sha256),
  size              integer NOT NULL,
  state             text NOT NULL CHECK (state IN ('pending', 'extracted', 'failed', 'unsupported')),
  format            text,
  error_code        text,
  error_detail      text,
  extractor_version text,
  page_count        integer,
  truncated         text,
  ocr_confidence    real,
  text              text,
  blocks            jsonb,
  updated_at        timestamptz NOT NULL DEFAULT now(),
  UNIQUE (message_id, path)
);

CREATE TABLE passages (
  id           text PRIMARY KEY,
  message_id   text NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  document_id  text NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  seq          integer NOT NULL,
  page         integer,
  char_start   integer NOT NULL,
  char_end     integer NOT NULL,
  text         text NOT NULL,
  heading      text,
  boilerplate  text,
  needs_review boolean NOT NULL DEFAULT false,
  -- Set when a re-extraction no longer yields this text but a reviewer had tagged it: kept for the record, flagged.
  superseded_at timestamptz
);
CREATE INDEX passages_message_idx ON passages (message_id);
CREATE INDEX passages_document_idx ON passages (document_id, seq);

-- Machine tags (rule/model) are replaced per passage on every run; reviewer tags are never touched by a machine.
CREATE TABLE tags (
  passage_id    text NOT NULL REFERENCES passages (id) ON DELETE CASCADE,
  dimension     text NOT NULL CHECK (dimension IN ('item', 'topic', 'stance')),
  label         text NOT NULL,
  source        text NOT NULL CHECK (source IN ('rule', 'model', 'reviewer')),
  confidence    real NOT NULL,
  reason        text NOT NULL,
  model_version text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (passage_id, dimension, label, source)
);
