import { Command, InvalidArgumentError, Option } from 'commander';
import { ConfigError } from '../core/errors.ts';
import { runIngest } from './commands/ingest.ts';
import { runWorker } from './commands/worker.ts';
import { runStatus } from './commands/status.ts';
import { runExport } from './commands/export.ts';
import { runDemo } from './commands/demo.ts';
import { runReprocess, type ReprocessOptions } from './commands/reprocess.ts';
import { runListen } from './commands/listen.ts';
import { runStart } from './commands/start.ts';
import { runReconcile } from './commands/reconcile.ts';
import { registerWebCommands } from './commands/serve.ts';
import { registerClassifierCommands } from './commands/classify.ts';
import { registerLabelsCommands } from './commands/labels.ts';
import { registerRetrainCommand } from './commands/retrain.ts';
import { registerArgumentCommands } from './commands/arguments.ts';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('must be a positive whole number');
  return n;
}

const program = new Command()
  .name('ruecklauf')
  .description('Turns e-mail replies to a consultation into tagged, reviewable passages.')
  .showHelpAfterError();

program
  .command('ingest')
  .description('store .eml files (or folders of them), run them through the pipeline and wait until each has ended')
  .argument('<paths...>', '.eml files or folders')
  .option('--no-workers', 'only enqueue; leave the work to separate `ruecklauf worker` processes')
  .option('--pipeline <id>', 'pipeline (consultation) the mails belong to; default: $PIPELINE')
  .option('--timeout <seconds>', 'give up waiting after this long', positiveInt, 1800)
  .option('--no-progress', 'no progress bar')
  .action(async (paths: string[], o: { workers: boolean; pipeline?: string; timeout: number; progress: boolean }) => {
    process.exitCode = await runIngest(paths, o);
  });

program
  .command('worker')
  .description('run the stage workers until SIGINT/SIGTERM')
  .action(async () => {
    process.exitCode = await runWorker();
  });

program
  .command('status')
  .description('queue counts and messages per state')
  .action(async () => runStatus());

program
  .command('export')
  .description('one record per passage with its tags (or per document with its outcome), on stdout')
  .addOption(new Option('--format <format>', 'output format').choices(['jsonl', 'csv']).default('jsonl'))
  .addOption(
    new Option('--records <records>', 'what one record is').choices(['passages', 'documents']).default('passages'),
  )
  .option('--pipeline <id>', 'only this pipeline')
  .action(async (o: { format: 'jsonl' | 'csv'; pipeline?: string; records: 'passages' | 'documents' }) => runExport(o));

program
  .command('reprocess')
  .description(
    'run stored messages through extraction or classification again (after a taxonomy, model or extractor change)',
  )
  .option('--pipeline <id>', 'pipeline whose messages to reprocess; default: $PIPELINE')
  .addOption(
    new Option('--stage <stage>', 'first stage to run again').choices(['extract', 'classify']).default('extract'),
  )
  .option('--failed', 'only messages that failed, or have a failed document', false)
  .option('--since <date>', 'only messages received on or after this date')
  .option('--message <id>', 'only this message (our id or its Message-ID)')
  .option('--dry-run', 'report which item tags would be added or removed, write nothing', false)
  .option('--no-workers', 'only enqueue; leave the work to `ruecklauf worker` processes')
  .option('--timeout <seconds>', 'give up waiting after this long', positiveInt, 1800)
  .option('--no-progress', 'no progress bar')
  .action(async (o: ReprocessOptions) => {
    process.exitCode = await runReprocess(o);
  });

program
  .command('demo')
  .description('ingest the fixture replies into the embedded database and print the result')
  .action(async () => {
    process.exitCode = await runDemo();
  });

const collectPipeline = (value: string, previous: string[] = []): string[] => [...previous, value];

program
  .command('listen')
  .description(
    'watch the IMAP mailboxes configured in pipeline.yaml (mailbox:) and store new replies, until SIGINT/SIGTERM',
  )
  .option(
    '--pipeline <id>',
    "only this pipeline's mailbox (repeatable); default: every pipeline with a mailbox",
    collectPipeline,
  )
  .action(async (o: { pipeline?: string[] }) => {
    process.exitCode = await runListen(o);
  });

program
  .command('start')
  .description('run the IMAP listeners and the stage workers in one process, until SIGINT/SIGTERM')
  .option(
    '--pipeline <id>',
    "only this pipeline's mailbox (repeatable); default: every pipeline with a mailbox",
    collectPipeline,
  )
  .action(async (o: { pipeline?: string[] }) => {
    process.exitCode = await runStart(o);
  });

program
  .command('reconcile')
  .description('compare each mailbox with the mail ledger; ingest never-processed mails and acknowledge finished ones')
  .option(
    '--pipeline <id>',
    "only this pipeline's mailbox (repeatable); default: every pipeline with a mailbox",
    collectPipeline,
  )
  .option('--dry-run', 'report only, change nothing', false)
  .action(async (o: { pipeline?: string[]; dryRun: boolean }) => {
    process.exitCode = await runReconcile(o);
  });

registerClassifierCommands(program);
registerLabelsCommands(program);
registerRetrainCommand(program);
registerArgumentCommands(program);

registerWebCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`ruecklauf: ${err.message}\n`);
    process.exitCode = 2;
  } else throw err;
}
