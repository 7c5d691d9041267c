import { z } from 'zod';
import { ConfigError } from '../core/errors.ts';

/** The only reader of process.env. Every setting is validated here once, at start, with a message a user can act on. */
const EnvSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL, e.g. postgres://postgres@127.0.0.1:5432/ruecklauf')
    .optional(),
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lower-case SQL identifier, e.g. ruecklauf')
    .default('public'),
  DATA_DIR: z.string().min(1).default('./data'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// URL')
    .default('redis://127.0.0.1:6379'),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'may contain only letters, digits, "_" and "-"')
    .default('ruecklauf'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PIPELINES_DIR: z.string().min(1).default('./pipelines'),
  PIPELINE: z
    .string()
    .regex(/^[a-z0-9-]+$/)
    .default('rueckfuehrung-2024'),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
  // on: a parse job carries its mail through extraction and classification (fewer round trips); off: a job per stage.
  STAGE_CHAINING: z.enum(['on', 'off'], { message: 'must be "on" or "off"' }).default('on'),
  OCR_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  EXTRACT_THREADS: z.coerce.number().int().min(1).max(64).default(2),
  EXTRACT_TIMEOUT_SECONDS: z.coerce.number().int().min(1).default(120),
  EXTRACT_MAX_HEAP_MB: z.coerce.number().int().min(64).default(768),
  REQUEUE_INTERVAL_SECONDS: z.coerce.number().int().min(5).default(60),
  // Review workspace (src/web): port, an optional scrape token for /metrics, and `user add`'s password source.
  WEB_PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  RUECKLAUF_PASSWORD: z.string().min(1).optional(),
  // Comma-separated IPs/CIDRs of reverse proxies whose X-Forwarded-For the login rate limit may believe.
  TRUSTED_PROXIES: z
    .string()
    .regex(
      /^\s*([0-9a-fA-F.:]+(\/\d{1,3})?\s*(,\s*[0-9a-fA-F.:]+(\/\d{1,3})?\s*)*)?$/,
      'must be a comma-separated list of IP addresses or CIDR ranges, e.g. 127.0.0.1,10.0.0.0/8',
    )
    .optional(),
});

export type Env = z.infer<typeof EnvSchema>;

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = EnvSchema.safeParse(source);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
  throw new ConfigError(
    `Invalid environment:\n${lines.join('\n')}\nFix these variables (see README, "Configuration").`,
  );
}
