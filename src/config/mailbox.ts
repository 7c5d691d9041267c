import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../core/errors.ts';
import { validateConfig } from './read-yaml-file.ts';

/**
 * The optional `mailbox:` section of pipelines/<id>/pipeline.yaml (part of the one schema in pipeline.ts): which IMAP folder feeds the pipeline, how to log
 * in and how finished mails are acknowledged on the server. Secrets are never in the file: it names an environment
 * variable or a file that holds them, read at each connect (so a rotated token is picked up on reconnect).
 */
const FlagName = z
  .string()
  .regex(/^\$?[A-Za-z0-9_-]+$/, 'must be an IMAP keyword: letters, digits, "_" or "-", optionally starting with "$"');
const EnvName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name');

const AuthSchema = z
  .object({
    passwordEnv: EnvName.optional(),
    passwordFile: z.string().min(1).optional(),
    accessTokenEnv: EnvName.optional(),
  })
  .strict()
  .refine((a) => [a.passwordEnv, a.passwordFile, a.accessTokenEnv].filter((x) => x !== undefined).length === 1, {
    message: 'give exactly one of passwordEnv, passwordFile or accessTokenEnv (the secret itself never goes here)',
  });

const AckSchema = z
  .object({
    mode: z.enum(['flag', 'move']).default('flag'),
    flag: FlagName.default('$Ruecklauf-Done'),
    failedFlag: FlagName.default('$Ruecklauf-Failed'),
    processedFolder: z.string().min(1).optional(),
    failedFolder: z.string().min(1).optional(),
  })
  .strict()
  .refine((a) => a.mode !== 'move' || a.processedFolder !== undefined, {
    message: 'mode "move" needs processedFolder',
    path: ['processedFolder'],
  });

const seconds = (def: number) => z.number().positive().default(def);

export const MailboxSchema = z
  .object({
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535).optional(),
    secure: z.boolean().optional(),
    /** Alias of `secure`. */
    tls: z.boolean().optional(),
    /** Allow an unencrypted connection when the server offers no STARTTLS (local test servers only). */
    allowInsecure: z.boolean().default(false),
    user: z.string().min(1),
    auth: AuthSchema,
    folder: z.string().min(1).default('INBOX'),
    filters: z
      .object({
        senderDomains: z.array(z.string().min(1)).default([]),
        subjectTokens: z.array(z.string().min(1)).default([]),
      })
      .strict()
      .default({ senderDomains: [], subjectTokens: [] }),
    ack: AckSchema.default({ mode: 'flag', flag: '$Ruecklauf-Done', failedFlag: '$Ruecklauf-Failed' }),
    maxMessageBytes: z
      .number()
      .int()
      .positive()
      .default(25 * 1024 * 1024),
    sweepIntervalSeconds: seconds(60),
    ackIntervalSeconds: seconds(30),
    watchdogIntervalSeconds: seconds(60),
    watchdogTimeoutSeconds: seconds(20),
  })
  .strict()
  .refine((m) => m.secure === undefined || m.tls === undefined || m.secure === m.tls, {
    message: 'secure and tls disagree (tls is an alias of secure)',
    path: ['tls'],
  });

export interface MailboxAuthRef {
  passwordEnv?: string;
  passwordFile?: string;
  accessTokenEnv?: string;
}

export interface MailboxConfig {
  pipelineId: string;
  host: string;
  port: number;
  secure: boolean;
  allowInsecure: boolean;
  user: string;
  auth: MailboxAuthRef;
  folder: string;
  filters: { senderDomains: string[]; subjectTokens: string[] };
  ack: { mode: 'flag' | 'move'; flag: string; failedFlag: string; processedFolder?: string; failedFolder?: string };
  maxMessageBytes: number;
  sweepIntervalMs: number;
  ackIntervalMs: number;
  watchdogIntervalMs: number;
  watchdogTimeoutMs: number;
}

/** The ledger's name for this mailbox: one account's one folder. Contains no secret. */
export function mailboxKey(m: Pick<MailboxConfig, 'user' | 'host' | 'port' | 'folder'>): string {
  return `${m.user}@${m.host}:${m.port}/${m.folder}`;
}

/** Validates a `mailbox:` section on its own (tests, benches); `where` names the file in error messages. */
export function parseMailboxSection(value: unknown, pipelineId: string, where: string): MailboxConfig {
  return toMailboxConfig(validateConfig(MailboxSchema, value, where, 'mailbox.'), pipelineId, where);
}

/** The validated section as the listener uses it: defaults filled, a password file resolved beside pipeline.yaml. */
export function toMailboxConfig(m: z.infer<typeof MailboxSchema>, pipelineId: string, where: string): MailboxConfig {
  const secure = m.secure ?? m.tls ?? true;
  const auth: MailboxAuthRef = {};
  if (m.auth.passwordEnv !== undefined) auth.passwordEnv = m.auth.passwordEnv;
  if (m.auth.passwordFile !== undefined) auth.passwordFile = path.resolve(path.dirname(where), m.auth.passwordFile);
  if (m.auth.accessTokenEnv !== undefined) auth.accessTokenEnv = m.auth.accessTokenEnv;
  const ack: MailboxConfig['ack'] = { mode: m.ack.mode, flag: m.ack.flag, failedFlag: m.ack.failedFlag };
  if (m.ack.processedFolder !== undefined) ack.processedFolder = m.ack.processedFolder;
  if (m.ack.failedFolder !== undefined) ack.failedFolder = m.ack.failedFolder;
  return {
    pipelineId,
    host: m.host,
    port: m.port ?? (secure ? 993 : 143),
    secure,
    allowInsecure: m.allowInsecure,
    user: m.user,
    auth,
    folder: m.folder,
    filters: m.filters,
    ack,
    maxMessageBytes: m.maxMessageBytes,
    sweepIntervalMs: m.sweepIntervalSeconds * 1000,
    ackIntervalMs: m.ackIntervalSeconds * 1000,
    watchdogIntervalMs: m.watchdogIntervalSeconds * 1000,
    watchdogTimeoutMs: m.watchdogTimeoutSeconds * 1000,
  };
}

export type ImapAuth = { user: string; pass: string } | { user: string; accessToken: string };

/**
 * Reads the secret the config points at. Called at every connect; the value is handed to imapflow only and never
 * logged. Errors name the variable or file, never its content.
 */
export async function resolveMailboxAuth(m: MailboxConfig, source: NodeJS.ProcessEnv): Promise<ImapAuth> {
  const where = `mailbox ${mailboxKey(m)} (pipeline ${m.pipelineId})`;
  if (m.auth.accessTokenEnv !== undefined) {
    const token = source[m.auth.accessTokenEnv];
    if (!token)
      throw new ConfigError(`${where}: environment variable ${m.auth.accessTokenEnv} (access token) is not set`);
    return { user: m.user, accessToken: token };
  }
  if (m.auth.passwordEnv !== undefined) {
    const pass = source[m.auth.passwordEnv];
    if (!pass) throw new ConfigError(`${where}: environment variable ${m.auth.passwordEnv} (password) is not set`);
    return { user: m.user, pass };
  }
  if (m.auth.passwordFile !== undefined) {
    let pass: string;
    try {
      pass = (await readFile(m.auth.passwordFile, 'utf8')).replace(/\r?\n$/, '');
    } catch (cause) {
      throw new ConfigError(`${where}: cannot read password file ${m.auth.passwordFile}`, { cause });
    }
    if (!pass) throw new ConfigError(`${where}: password file ${m.auth.passwordFile} is empty`);
    return { user: m.user, pass };
  }
  throw new ConfigError(`${where}: no credentials configured`);
}
