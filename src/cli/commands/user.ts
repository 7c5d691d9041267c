import { Option, type Command } from 'commander';
import { loadEnv } from '../../config/env.ts';
import { ConfigError } from '../../core/errors.ts';
import { openStore } from '../../store/open-store.ts';
import { ROLES, upsertUser, type Role } from '../../store/review-users.ts';
import { hashPassword } from '../../web/auth/password.ts';

const MIN_PASSWORD = 10;

/** The password never comes from argv (visible in `ps` and shell history): $RUECKLAUF_PASSWORD, else stdin. */
async function readPassword(fromEnv: string | undefined, input: NodeJS.ReadStream = process.stdin): Promise<string> {
  if (fromEnv !== undefined) return fromEnv;
  if (input.isTTY) return readHidden(input);
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

/** Reads one line from a terminal without echoing it. */
function readHidden(input: NodeJS.ReadStream): Promise<string> {
  process.stderr.write('Passwort: ');
  input.setRawMode(true);
  input.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const onData = (buf: Buffer) => {
      for (const ch of buf.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new ConfigError('aborted'));
        if (ch === '\u007f') value = value.slice(0, -1);
        else value += ch;
      }
    };
    const done = (err?: Error) => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    input.on('data', onData);
  });
}

export async function runUserAdd(
  o: { username: string; role: Role },
  out: NodeJS.WritableStream = process.stdout,
): Promise<number> {
  const env = loadEnv();
  if (!/^[A-Za-z0-9._@-]{2,64}$/.test(o.username))
    throw new ConfigError('--username may contain letters, digits and . _ @ - (2 to 64 characters)');
  const password = await readPassword(env.RUECKLAUF_PASSWORD);
  if (password.length < MIN_PASSWORD)
    throw new ConfigError(
      `the password must have at least ${MIN_PASSWORD} characters (give it on stdin or in RUECKLAUF_PASSWORD)`,
    );
  const db = await openStore(env);
  try {
    const { created } = await upsertUser(db, o.username, o.role, await hashPassword(password));
    out.write(`${created ? 'created' : 'updated'} ${o.role} ${o.username}\n`);
    return 0;
  } finally {
    await db.close();
  }
}

export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('accounts of the review workspace');
  user
    .command('add')
    .description(
      'create an account (or reset its password and role); the password is read from stdin or $RUECKLAUF_PASSWORD',
    )
    .requiredOption('--username <name>', 'login name')
    .addOption(new Option('--role <role>', 'what the account may do').choices([...ROLES]).makeOptionMandatory())
    .action(async (o: { username: string; role: Role }) => {
      process.exitCode = await runUserAdd(o);
    });
}
