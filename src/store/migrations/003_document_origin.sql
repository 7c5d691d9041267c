-- The headers of a forwarded message (message/rfc822 inside a reply) for the documents that came out of it, so a
-- passage is attributed to the county that wrote it rather than to the association that forwarded it.
ALTER TABLE documents ADD COLUMN origin jsonb;
