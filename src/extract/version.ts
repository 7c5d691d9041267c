/**
 * Stored on every document; a reprocess after an extractor fix is visible as a version change. A module of its own
 * so that the worker process can name the version without loading the extractors (they run in threads).
 */
export const EXTRACTOR_VERSION = 'extract-1';
