import { InvalidArgumentError, type Command } from 'commander';
import { z } from 'zod';
import { loadEnv } from '../../config/env.ts';
import { ConfigError } from '../../core/errors.ts';
import type { Db } from '../../store/db.ts';
import { openStore } from '../../store/open-store.ts';
import { insertApiToken, listApiTokens, revokeApiToken } from '../../store/api-tokens.ts';
import { hashToken, randomToken } from '../../web/auth/session.ts';

const AddInput = z.object({
  username: z.string().regex(/^[A-Za-z0-9._@-]{2,64}$/, '--username must name an existing account'),
  label: z.string().max(100, '--label may have at most 100 characters').default(''),
});

/** Tokens start with a fixed prefix so a leaked one is recognisable (secret scanners, logs). */
export const TOKEN_PREFIX = 'rlt_';

async function withStore<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  const db = await openStore(loadEnv());
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

/** Makes a token for an account; the token itself is the last line of stdout and is never shown again. */
export async function runTokenAdd(
  o: { username: string; label?: string },
  out: NodeJS.WritableStream = process.stdout,
  db?: Db,
): Promise<number> {
  const input = AddInput.safeParse(o);
  if (!input.success) throw new ConfigError(input.error.issues.map((i) => i.message).join('; '));
  const token = TOKEN_PREFIX + randomToken();
  const add = async (store: Db) => {
    const id = await insertApiToken(store, { ...input.data, tokenHash: hashToken(token) });
    if (id === null)
      throw new ConfigError(`no account "${input.data.username}": create it first with \`ruecklauf user add\``);
    out.write(
      `token ${id} for ${input.data.username}${input.data.label ? ` (${input.data.label})` : ''}; shown once:\n`,
    );
    out.write(`${token}\n`);
    return 0;
  };
  return db ? add(db) : withStore(add);
}

export async function runTokenList(out: NodeJS.WritableStream = process.stdout, db?: Db): Promise<number> {
  const list = async (store: Db) => {
    for (const t of await listApiTokens(store))
      out.write(
        `${t.id}\t${t.username}\t${t.label || '-'}\tcreated ${t.created_at.toISOString()}\t` +
          `${t.revoked_at ? `revoked ${t.revoked_at.toISOString()}` : t.last_used_at ? `last used ${t.last_used_at.toISOString()}` : 'never used'}\n`,
      );
    return 0;
  };
  return db ? list(db) : withStore(list);
}

export async function runTokenRevoke(
  id: number,
  out: NodeJS.WritableStream = process.stdout,
  db?: Db,
): Promise<number> {
  const revoke = async (store: Db) => {
    if (!(await revokeApiToken(store, id))) throw new ConfigError(`no live token ${id} (see \`ruecklauf token list\`)`);
    out.write(`revoked token ${id}\n`);
    return 0;
  };
  return db ? revoke(db) : withStore(revoke);
}

function tokenId(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('must be a token id from `ruecklauf token list`');
  return n;
}

export function registerTokenCommands(program: Command): void {
  const token = program.command('token').description('API tokens for /api and /export (Authorization: Bearer …)');
  token
    .command('add')
    .description("make a token with an account's role; printed once as the last line of stdout, stored hashed")
    .requiredOption('--username <name>', 'the account the token acts as')
    .option('--label <text>', 'what the token is for')
    .action(async (o: { username: string; label?: string }) => {
      process.exitCode = await runTokenAdd(o);
    });
  token
    .command('list')
    .description('tokens with owner, label and last use (never the token itself)')
    .action(async () => {
      process.exitCode = await runTokenList();
    });
  token
    .command('revoke')
    .description('revoke a token by id')
    .argument('<id>', 'token id (see `token list`)', tokenId)
    .action(async (id: number) => {
      process.exitCode = await runTokenRevoke(id);
    });
}
