import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';

export const DOVECOT_BIN = '/usr/sbin/dovecot';
/**
 * Whether the Dovecot-backed tests can run. Outside CI a machine without Dovecot skips them; under CI (CI=true, as
 * GitHub Actions and most runners set it) a missing Dovecot fails the test file instead, so a broken CI image cannot
 * pass by silently skipping the IMAP tests.
 */
export function dovecotAvailable(bin = DOVECOT_BIN, env: NodeJS.ProcessEnv = process.env): boolean {
  if (existsSync(bin)) return true;
  if (env.CI === 'true' || env.CI === '1')
    throw new Error(`${bin} is missing, and CI=${env.CI} demands the IMAP tests: run scripts/ensure-services.sh`);
  return false;
}

export const TEST_USER = 'reply';
export const TEST_PASSWORD = 'secret-pass';

/**
 * A private Dovecot (2.3) for one test file: its own config, port, base_dir and maildirs under a temp directory,
 * plaintext auth without TLS on 127.0.0.1, one user from a passwd-file. Run as the current user (root in CI).
 */
export interface Dovecot {
  host: string;
  port: number;
  user: string;
  password: string;
  dir: string;
  /** Stops the server (SIGTERM, then waits for the port to close). */
  stop(): Promise<void>;
  start(): Promise<void>;
  restart(): Promise<void>;
  /** SIGSTOP / SIGCONT for every process of the server: connections stay open but go silent. */
  pause(): void;
  resume(): void;
  /** A fresh logged-in client for test setup (APPEND, flags, folder changes). */
  client(): Promise<ImapFlow>;
  close(): Promise<void>;
}

export async function startDovecot(): Promise<Dovecot> {
  const dir = await mkdtemp(path.join(tmpdir(), 'rl-dovecot-'));
  await chmod(dir, 0o755); // the unprivileged login/auth processes must reach base_dir
  const port = await freePort();
  const user = process.getuid?.() === 0 ? 'root' : (process.env.USER ?? 'root');
  await mkdir(path.join(dir, 'mail'), { recursive: true });
  await mkdir(path.join(dir, 'run'), { recursive: true });
  await mkdir(path.join(dir, 'state'), { recursive: true });
  // Dovecot refuses to access mail as uid 0; as root the mail belongs to the "dovecot" system user instead.
  const isRoot = process.getuid?.() === 0;
  const uid = isRoot ? idOf('-u', 'dovecot') : (process.getuid?.() ?? 0);
  const gid = isRoot ? idOf('-g', 'dovecot') : (process.getgid?.() ?? 0);
  if (isRoot) await chown(path.join(dir, 'mail'), uid, gid);
  await writeFile(
    path.join(dir, 'users'),
    `${TEST_USER}:{PLAIN}${TEST_PASSWORD}:${uid}:${gid}::${path.join(dir, 'mail', TEST_USER)}::\n`,
  );
  const conf = `
protocols = imap
listen = 127.0.0.1
base_dir = ${path.join(dir, 'run')}
state_dir = ${path.join(dir, 'state')}
instance_name = rl-test-${port}
log_path = ${path.join(dir, 'dovecot.log')}
info_log_path = ${path.join(dir, 'dovecot.log')}
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
# Tests log in with a wrong password on purpose: no failure delay, no per-IP penalty for the logins that follow.
auth_failure_delay = 0
login_trusted_networks = 127.0.0.0/8
default_internal_user = ${user === 'root' ? 'dovecot' : user}
default_login_user = ${user === 'root' ? 'dovenull' : user}
first_valid_uid = 1
first_valid_gid = 1
mail_location = maildir:${path.join(dir, 'mail')}/%u
mailbox_idle_check_interval = 1 secs
mail_uid = ${uid}
mail_gid = ${gid}
passdb {
  driver = passwd-file
  args = scheme=PLAIN ${path.join(dir, 'users')}
}
userdb {
  driver = static
  args = uid=${uid} gid=${gid} home=${path.join(dir, 'mail')}/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
  chroot =
}
service anvil {
  chroot =
}
service stats {
  chroot =
}
service auth {
  unix_listener auth-userdb {
    mode = 0666
  }
}
protocol imap {
  mail_max_userip_connections = 100
}
`;
  const confFile = path.join(dir, 'dovecot.conf');
  await writeFile(confFile, conf);

  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();
  let stderr = '';

  const start = async (): Promise<void> => {
    // Own process group: stop() ends the master and every imap process it forked, like a real server restart.
    const c = spawn(DOVECOT_BIN, ['-F', '-c', confFile], { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    child = c;
    c.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    exited = new Promise((resolve) => c.once('exit', () => resolve()));
    const killOnExit = () => {
      try {
        process.kill(-(c.pid ?? 0), 'SIGKILL');
      } catch {
        // already gone
      }
    };
    process.once('exit', killOnExit);
    c.once('exit', () => process.off('exit', killOnExit));
    for (let i = 0; i < 100; i++) {
      if (c.exitCode !== null) throw new Error(`dovecot exited (${c.exitCode}): ${stderr}`);
      if (await portOpen(port)) return;
      await sleep(50);
    }
    throw new Error(`dovecot did not listen on ${port}: ${stderr}`);
  };
  const stop = async (): Promise<void> => {
    const c = child;
    if (!c || c.exitCode !== null) return;
    const group = -(c.pid ?? 0);
    const signal = (sig: NodeJS.Signals) => {
      try {
        process.kill(group, sig);
      } catch {
        // already gone
      }
    };
    signal('SIGTERM');
    const killer = setTimeout(() => signal('SIGKILL'), 5000);
    await exited;
    clearTimeout(killer);
    signal('SIGKILL'); // imap processes that outlived their master
    child = null;
    for (let i = 0; i < 100 && (await portOpen(port)); i++) await sleep(50);
  };

  await start();
  const dovecot: Dovecot = {
    host: '127.0.0.1',
    port,
    user: TEST_USER,
    password: TEST_PASSWORD,
    dir,
    start,
    stop,
    pause() {
      if (child?.pid) process.kill(-child.pid, 'SIGSTOP');
    },
    resume() {
      if (child?.pid) process.kill(-child.pid, 'SIGCONT');
    },
    async restart() {
      await stop();
      await start();
    },
    async client() {
      const client = new ImapFlow({
        host: '127.0.0.1',
        port,
        secure: false,
        doSTARTTLS: false,
        auth: { user: TEST_USER, pass: TEST_PASSWORD },
        logger: false,
        disableAutoIdle: true,
      } as ConstructorParameters<typeof ImapFlow>[0]);
      client.on('error', () => undefined);
      await client.connect();
      return client;
    },
    async close() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return dovecot;
}

/** A small RFC 822 mail; `n` makes Message-ID and body unique. */
export function testMail(n: number | string, opts: { from?: string; subject?: string; body?: string } = {}): Buffer {
  const from = opts.from ?? 'Verband <stellungnahme@verband.example>';
  const lines = [
    `From: ${from}`,
    'To: konsultation@ministerium.example',
    `Subject: ${opts.subject ?? `Stellungnahme ${n}`}`,
    `Message-ID: <reply-${n}@verband.example>`,
    'Date: Mon, 02 Sep 2024 10:00:00 +0200',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    opts.body ?? `Zu Nr. 1: Wir stimmen zu. (${n})`,
    '',
  ];
  return Buffer.from(lines.join('\r\n'));
}

/**
 * APPENDs many mails quickly: `connections` clients in parallel, each appending its share in order (UIDs therefore
 * interleave; tests compare sets, not order). Fails when any APPEND fails.
 */
export async function appendMany(
  d: Pick<Dovecot, 'client'>,
  folder: string,
  mails: readonly Buffer[],
  connections = 8,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    const c = await d.client();
    try {
      for (let i = next++; i < mails.length; i = next++) await c.append(folder, mails[i]!);
    } finally {
      await c.logout();
    }
  };
  await Promise.all(Array.from({ length: Math.min(connections, mails.length) }, worker));
}

function idOf(flag: '-u' | '-g', name: string): number {
  return Number(execFileSync('id', [flag, name], { encoding: 'utf8' }).trim());
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** A TCP port nobody listens on right now (for servers a test starts). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}
