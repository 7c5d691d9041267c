import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../core/errors.ts';

const Row = z.object({
  domain: z.string().regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'must be a lower-case mail domain such as "kreis-hz.de"'),
  ags: z.string().regex(/^\d{5}$/, 'must be the 5-digit AGS of a Landkreis in respondents.csv'),
  source: z.string().min(1, 'say where the domain is known from'),
});

/**
 * pipelines/<id>/respondent-domains.csv: mail domains known to belong to a Landkreis (domain,ags,source). No public
 * list exists; the table ships the domains seen on real replies, and reviewers' assignments teach more at run time.
 * A pipeline without the file has an empty table.
 */
export async function loadDomainTable(pipelineDir: string): Promise<Map<string, string>> {
  const file = path.join(pipelineDir, 'respondent-domains.csv');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return new Map();
  }
  return parseDomainTable(text, file);
}

export function parseDomainTable(text: string, file = 'respondent-domains.csv'): Map<string, string> {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '' && !l.startsWith('#'));
  const [header, ...body] = lines.map((l) => l.split(',').map((c) => c.trim()));
  const table = new Map<string, string>();
  if (!header) return table;
  body.forEach((cells, i) => {
    const r = Row.safeParse(Object.fromEntries(header.map((h, k) => [h, cells[k] ?? ''])));
    if (!r.success)
      throw new ConfigError(
        `${file} row ${i + 2}: ${r.error.issues.map((x) => `${x.path.join('.')} ${x.message}`).join('; ')}`,
      );
    const known = table.get(r.data.domain);
    if (known && known !== r.data.ags)
      throw new ConfigError(`${file} row ${i + 2}: ${r.data.domain} is listed for ${known} and ${r.data.ags}`);
    table.set(r.data.domain, r.data.ags);
  });
  return table;
}
