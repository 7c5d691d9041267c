import { Command, InvalidArgumentError, Option } from 'commander';
import { ConfigError } from '../core/errors.ts';
import { runIngest } from './commands/ingest.ts';
import { runWorker } from './commands/worker.ts';
import { runStatus } from './commands/status.ts';
import { runExport } from './commands/export.ts';
import { runDemo } from './commands/demo.ts';

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
  .description('one record per passage with its tags, on stdout')
  .addOption(new Option('--format <format>', 'output format').choices(['jsonl', 'csv']).default('jsonl'))
  .option('--pipeline <id>', 'only this pipeline')
  .action(async (o: { format: 'jsonl' | 'csv'; pipeline?: string }) => runExport(o));

program
  .command('demo')
  .description('ingest the fixture replies into the embedded database and print the result')
  .action(async () => {
    process.exitCode = await runDemo();
  });

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`ruecklauf: ${err.message}\n`);
    process.exitCode = 2;
  } else throw err;
}
