import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { parseTrustedProxies } from '../../web/auth/client-ip.ts';
import { startWebServer, type RunningWebServer } from '../../web/server.ts';
import { openRuntime, type Runtime } from '../runtime.ts';
import { untilSignal } from './listen.ts';
import { registerUserCommands } from './user.ts';
import { registerTokenCommands } from './token.ts';

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new InvalidArgumentError('must be a port number (1–65535)');
  return n;
}

/** The review workspace on the runtime's database and queues (also used by `ruecklauf start`). */
export async function startWebFor(
  rt: Runtime,
  o: { port?: number; pipeline?: string } = {},
): Promise<RunningWebServer> {
  return startWebServer({
    db: rt.db,
    queues: rt.queues,
    logger: rt.logger,
    pipeline: await rt.ctx.loadPipeline(o.pipeline ?? rt.env.PIPELINE),
    port: o.port ?? rt.env.WEB_PORT,
    metricsToken: rt.env.METRICS_TOKEN,
    predictor: rt.ctx,
    trustedProxies: parseTrustedProxies(rt.env.TRUSTED_PROXIES),
  });
}

/** `ruecklauf serve`: the review workspace alone, until SIGINT/SIGTERM. */
export async function runServe(o: { port?: number; pipeline?: string }): Promise<number> {
  const rt = await openRuntime();
  try {
    const web = await startWebFor(rt, o);
    await untilSignal(rt, 'review workspace');
    await web.close();
    return 0;
  } finally {
    await rt.close();
  }
}

export function registerWebCommands(program: Command): void {
  program
    .command('serve')
    .description('run the review workspace (web) until SIGINT/SIGTERM')
    .option('--port <n>', 'port to listen on; default: $WEB_PORT (8080)', port)
    .option('--pipeline <id>', 'consultation to review; default: $PIPELINE')
    .action(async (o: { port?: number; pipeline?: string }) => {
      process.exitCode = await runServe(o);
    });
  registerUserCommands(program);
  registerTokenCommands(program);
}
