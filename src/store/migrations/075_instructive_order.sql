-- The review queue's "lehrreich zuerst" order (active learning): how much a reviewer's decision on a passage would
-- teach, computed when the passage is classified (src/classify/instructive.ts) and rewritten on every
-- reclassification. `instructive` is the score the order reads; `instructive_why` its components (the two best
-- items and their margin, the gate against its cut-off, the stance margin, the rarest item's reviewer examples),
-- from which the reason shown beside each row is worded. NULL: boilerplate, or no model took part.
ALTER TABLE passages ADD COLUMN instructive real;
ALTER TABLE passages ADD COLUMN instructive_why jsonb;
-- The order is an index scan: best first, then id for a stable page boundary.
CREATE INDEX passages_instructive_idx ON passages (instructive DESC, id)
  WHERE instructive IS NOT NULL AND superseded_at IS NULL;
