import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../core/errors.ts';
import type { Respondent } from '../core/types.ts';

const Row = z.object({
  ags_kreis: z.string().regex(/^\d{5}$/, 'must be a 5-digit AGS'),
  name_kurz: z.string().min(1),
  land_kz: z.string().min(2),
  land: z.string().min(1),
  name_amtlich_vermutet: z.string().min(1),
});

/** pipelines/<id>/respondents.csv, or no respondents (no coverage matrix) when the pipeline has none. */
export async function loadRespondents(pipelineDir: string): Promise<Respondent[]> {
  const file = path.join(pipelineDir, 'respondents.csv');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return [];
  }
  const rows = parseSimpleCsv(text);
  return rows.map((raw, i) => {
    const r = Row.safeParse(raw);
    if (!r.success)
      throw new ConfigError(
        `${file} row ${i + 2}: ${r.error.issues.map((x) => `${x.path.join('.')} ${x.message}`).join('; ')}`,
      );
    const d = r.data;
    return {
      ags: d.ags_kreis,
      name: d.name_kurz,
      officialName: d.name_amtlich_vermutet,
      landCode: d.land_kz,
      land: d.land,
    };
  });
}

/** The file is plain comma-separated without quoting (names hold no commas); a quote means someone changed that. */
function parseSimpleCsv(text: string): Record<string, string>[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.some((l) => l.includes('"'))) throw new ConfigError('respondents.csv must not use quoted fields');
  const [header, ...body] = lines.map((l) => l.split(',').map((c) => c.trim()));
  if (!header) return [];
  return body.map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i] ?? ''])));
}
