-- Labelled passages imported from a file (`ruecklauf labels import`): an earlier consultation's reviewed export or a
-- colleague's spreadsheet. Reviewer knowledge with provenance: which file (name and sha256), which line, who imported
-- it and when. Training and the reviewer memory read them like reviewer tags; removing an import removes its lines.
CREATE TABLE label_imports (
  id          text PRIMARY KEY,
  pipeline_id text NOT NULL,
  file_name   text NOT NULL,
  sha256      text NOT NULL,
  format      text NOT NULL CHECK (format IN ('jsonl', 'csv', 'xlsx')),
  imported_by text NOT NULL,
  imported_at timestamptz NOT NULL DEFAULT now(),
  passages    integer NOT NULL,
  UNIQUE (pipeline_id, sha256)
);
CREATE TABLE imported_labels (
  import_id text NOT NULL REFERENCES label_imports (id) ON DELETE CASCADE,
  -- The file's line (JSONL) or row (spreadsheet, header = 1).
  line      integer NOT NULL,
  source_id text NOT NULL,
  text      text NOT NULL,
  -- NULL: the file said nothing about this dimension; '{}': none on it.
  items     text[],
  topics    text[],
  stance    text,
  PRIMARY KEY (import_id, line)
);
