import { readFile } from 'node:fs/promises';
import { ConfigError } from '../core/errors.ts';
import { LabelledLine } from '../classify/training-example.ts';

/** A JSONL file of labelled passages (training corpus or eval gold), validated line by line. */
export async function readLabelledFile(file: string): Promise<LabelledLine[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new ConfigError(`Cannot read ${file}: does it exist?`, { cause });
  }
  return parseLabelledLines(text, file);
}

export function parseLabelledLines(text: string, file: string): LabelledLine[] {
  const out: LabelledLine[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw new ConfigError(`${file}:${i + 1}: not JSON`);
    }
    const parsed = LabelledLine.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ConfigError(
        `${file}:${i + 1}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'invalid'} (expected {"id","text","items","topics","stance"})`,
      );
    }
    out.push(parsed.data);
  });
  return out;
}
