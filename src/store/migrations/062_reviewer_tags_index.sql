-- The reviewer memory checks per classify job whether reviewer tags changed (count and newest); this keeps that a
-- scan over the reviewer tags only, not over every machine tag.
CREATE INDEX tags_reviewer_created_idx ON tags (created_at) WHERE source = 'reviewer';
