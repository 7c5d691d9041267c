-- Tags copied from a reviewer-confirmed or imported passage that a new passage (nearly) repeats get their own source,
-- 'memory': machine rows (rewritten on reclassification, never trained on), but told apart from the model's.
ALTER TABLE tags DROP CONSTRAINT tags_source_check;
ALTER TABLE tags ADD CONSTRAINT tags_source_check CHECK (source IN ('rule', 'model', 'reviewer', 'memory'));
