import { ImapFlow, type ImapFlowOptions } from 'imapflow';
import { resolveMailboxAuth, type MailboxConfig } from '../../config/mailbox.ts';
import { ConfigError } from '../../core/errors.ts';

/**
 * A connected imapflow client for the mailbox. The secret is read now (env or file) and passed to imapflow only;
 * imapflow's own logging is off, so no protocol line (and no AUTHENTICATE) reaches our logs.
 */
export async function connectMailbox(
  cfg: MailboxConfig,
  secrets: NodeJS.ProcessEnv,
  opts: { autoIdleDelayMs?: number; signal?: AbortSignal } = {},
): Promise<ImapFlow> {
  const auth = await resolveMailboxAuth(cfg, secrets);
  const options: ImapFlowOptions = {
    host: cfg.host,
    port: cfg.port,
    secure: cfg.secure,
    auth,
    logger: false,
    emitLogs: false,
    autoIdleDelay: opts.autoIdleDelayMs ?? 1000,
    clientInfo: { name: 'ruecklauf' },
    // A command that gets no byte back for this long fails the connection (a FETCH stuck on a dead socket).
    socketTimeout: 120_000,
    connectionTimeout: 30_000,
  };
  // On a plain connection STARTTLS is mandatory unless the config explicitly allows clear text (local test servers).
  if (!cfg.secure && !cfg.allowInsecure) options.doSTARTTLS = true;
  const client = new ImapFlow(options);
  client.on('error', () => undefined); // surfaced as a rejected command or a 'close'; an unhandled 'error' would crash
  // A shutdown must not wait for a server that does not answer (connect and greeting can take long).
  const onAbort = () => client.close();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    if (opts.signal?.aborted) throw new Error('aborted before connecting');
    await client.connect();
  } catch (err) {
    client.close();
    if (isAuthFailure(err)) throw new ConfigError(`mailbox ${cfg.user}@${cfg.host}: authentication failed`);
    throw err;
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
  }
  return client;
}

function isAuthFailure(err: unknown): boolean {
  const e = err as { authenticationFailed?: boolean; code?: string } | null;
  return Boolean(e?.authenticationFailed) || e?.code === 'AUTHENTICATIONFAILED';
}
