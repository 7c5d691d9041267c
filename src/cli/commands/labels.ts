import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { loadEnv } from '../../config/env.ts';
import { loadPipeline } from '../../config/pipeline.ts';
import { ConfigError } from '../../core/errors.ts';
import { LabelFileError, readLabelFile } from '../../labels/read-label-file.ts';
import { listLabelImports, removeLabelImport, saveLabelImport } from '../../store/imported-labels.ts';
import { openStore } from '../../store/open-store.ts';

export interface LabelsImportOptions {
  pipeline?: string;
  by?: string;
}

/**
 * Imports a labelled file as reviewer knowledge: checked whole against the taxonomy first (a bad line stops it and
 * nothing is written), then stored in one transaction with its provenance.
 */
export async function runLabelsImport(
  file: string,
  opts: LabelsImportOptions,
  out: NodeJS.WritableStream = process.stdout,
): Promise<number> {
  const env = loadEnv();
  const pipeline = await loadPipeline(env.PIPELINES_DIR, opts.pipeline ?? env.PIPELINE);
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (cause) {
    throw new ConfigError(`Cannot read ${file}: does it exist?`, { cause });
  }
  // A bad file ends the command like any bad invocation: its message on stderr, exit 2.
  const read = await readLabelFile(file, bytes, pipeline.taxonomy).catch((err: unknown) => {
    throw err instanceof LabelFileError ? new ConfigError(err.message, { cause: err }) : err;
  });
  const db = await openStore(env);
  try {
    const saved = await saveLabelImport(db, {
      pipelineId: pipeline.id,
      fileName: path.basename(file),
      bytes,
      format: read.format,
      importedBy: opts.by ?? userInfo().username,
      rows: read.rows,
    });
    const { id, passages } = saved.import;
    out.write(
      saved.created
        ? `imported ${passages} labelled passage(s) from ${file} (${read.format}) as ${id}` +
            (read.skipped ? `; ${read.skipped} unreviewed or boilerplate row(s) skipped` : '') +
            '\n'
        : `${file} was already imported as ${id} (${passages} passages); nothing changed\n`,
    );
    return 0;
  } finally {
    await db.close();
  }
}

export async function runLabelsList(opts: { pipeline?: string }, out: NodeJS.WritableStream = process.stdout) {
  const env = loadEnv();
  const pipelineId = opts.pipeline ?? env.PIPELINE;
  const db = await openStore(env);
  try {
    const imports = await listLabelImports(db, pipelineId);
    if (imports.length === 0) out.write(`no label imports for ${pipelineId}\n`);
    for (const i of imports)
      out.write(
        `${i.id}  ${i.passages} passages  ${i.fileName} (${i.format}, sha256 ${i.sha256.slice(0, 12)})  by ${i.importedBy}  ${i.importedAt.toISOString()}\n`,
      );
    return 0;
  } finally {
    await db.close();
  }
}

export async function runLabelsRemove(id: string, out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const env = loadEnv();
  const db = await openStore(env);
  try {
    if (!(await removeLabelImport(db, id)))
      throw new ConfigError(`No label import ${id}: see \`ruecklauf labels list\``);
    out.write(`removed ${id}; run \`ruecklauf train\` so the model forgets it\n`);
    return 0;
  } finally {
    await db.close();
  }
}

/** `labels import|list|remove`, registered on the CLI in one call. */
export function registerLabelsCommands(program: Command): void {
  const labels = program
    .command('labels')
    .description('labelled passages imported from files (reviewer knowledge with provenance)');
  labels
    .command('import')
    .description(
      'import JSONL {"id","text","items","topics","stance"} (the eval gold format) or the workspace\'s XLSX/CSV passage export; all or nothing',
    )
    .argument('<file>', 'the file to import')
    .option('--pipeline <id>', 'pipeline whose taxonomy the labels use; default: $PIPELINE')
    .option('--by <user>', 'who imports (recorded as provenance); default: the system user')
    .action(async (file: string, o: LabelsImportOptions) => {
      process.exitCode = await runLabelsImport(file, o);
    });
  labels
    .command('list')
    .description('list the imports with file, lines and who imported them')
    .option('--pipeline <id>', 'pipeline; default: $PIPELINE')
    .action(async (o: { pipeline?: string }) => {
      process.exitCode = await runLabelsList(o);
    });
  labels
    .command('remove')
    .description('remove an import and all its labelled passages')
    .argument('<id>', 'the import id (imp_…) from `labels list`')
    .action(async (id: string) => {
      process.exitCode = await runLabelsRemove(id);
    });
}
