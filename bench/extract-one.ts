/** Child of bench/extract.ts: extracts one file (or only loads the extractor) and prints its peak RSS in MB. */
import { readFileSync } from 'node:fs';
import { DEFAULT_EXTRACT_LIMITS, extractDocument } from '../src/extract/extract-document.ts';

const file = process.argv[2];
if (file) {
  const r = await extractDocument({ bytes: readFileSync(file), declaredType: 'application/pdf', filename: null }, DEFAULT_EXTRACT_LIMITS);
  if (!r.ok) throw new Error(r.error.detail);
}
process.stdout.write(JSON.stringify({ maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }) + '\n');
