import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from '../core/errors.ts';

/** Reads and parses one YAML file of a pipeline folder; errors name the file. */
export async function readYamlFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new ConfigError(`Cannot read ${file}: does the pipeline exist?`, { cause });
  }
  try {
    return parseYaml(text);
  } catch (cause) {
    throw new ConfigError(`${file} is not valid YAML: ${(cause as Error).message}`, { cause });
  }
}

/** Validates a parsed file against its schema; the error lists every bad field by its path, under the file's name. */
export function validateConfig<T>(schema: z.ZodType<T>, value: unknown, file: string, pathPrefix = ''): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `  ${pathPrefix}${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new ConfigError(`${file} is invalid:\n${lines.join('\n')}`);
}
