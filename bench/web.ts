/**
 * Review workspace latency with a consultation's worth of data: 300 replies with about 5,000 passages loaded into
 * PostgreSQL, the web server in this process, each page and API query requested repeatedly over HTTP on localhost.
 * The baseline in the same run is /healthz (the bare HTTP round trip); targets: /api/passages p95 ≤ 150 ms, every
 * page ≤ 300 ms.
 *   npm run bench:web [-- --replies 300 --passages-per-reply 17 --rounds 20]
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { loadPipeline } from '../src/config/pipeline.ts';
import { createLogger } from '../src/core/logger.ts';
import { openPostgres } from '../src/store/db-postgres.ts';
import { migrate } from '../src/store/migrate.ts';
import { upsertUser } from '../src/store/review-users.ts';
import { connectRedis } from '../src/queue/redis.ts';
import { closeQueues, createQueues } from '../src/queue/queues.ts';
import { hashPassword } from '../src/web/auth/password.ts';
import { loadRespondents } from '../src/web/respondents/load-respondents.ts';
import { startWebServer } from '../src/web/server.ts';
import { loadWebCorpus } from './web-corpus.ts';

const { values } = parseArgs({
  options: {
    replies: { type: 'string', default: '300' },
    'passages-per-reply': { type: 'string', default: '17' },
    rounds: { type: 'string', default: '20' },
  },
});
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PIPELINE = 'rueckfuehrung-2024';
const ROUNDS = Number(values.rounds);
const PASSWORD = 'bench-password-0123';

const pipeline = await loadPipeline('pipelines', PIPELINE);
const schema = `bench_web_${randomBytes(4).toString('hex')}`;
const db = await openPostgres(DATABASE_URL, schema);
const redis = connectRedis(REDIS_URL, 'producer');
const queues = createQueues(redis, `benchweb${randomBytes(3).toString('hex')}`);
try {
  await migrate(db);
  const respondents = await loadRespondents(pipeline.dir);
  const loaded = await loadWebCorpus(db, {
    pipelineId: PIPELINE,
    replies: Number(values.replies),
    passagesPerReply: Number(values['passages-per-reply']),
    respondents,
  });
  await upsertUser(db, 'bench', 'reviewer', await hashPassword(PASSWORD));
  const web = await startWebServer({
    db,
    queues,
    logger: createLogger('error'),
    pipeline,
    port: 0,
    host: '127.0.0.1',
    metricsToken: undefined,
  });
  const base = `http://127.0.0.1:${web.port}`;
  const form = await fetch(`${base}/login`);
  const loginCookie = /rl_login_csrf=([^;]+)/.exec(form.headers.get('set-cookie') ?? '')?.[1] ?? '';
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  const login = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `rl_login_csrf=${loginCookie}` },
    body: new URLSearchParams({ username: 'bench', password: PASSWORD, _csrf: token }),
  });
  const cookie = `rl_session=${/rl_session=([^;]+)/.exec(login.headers.get('set-cookie') ?? '')?.[1] ?? ''}`;
  const [reply] = await db.query<{ id: string }>('SELECT id FROM messages ORDER BY received_at LIMIT 1 OFFSET 150');
  const [item] = await db.query<{ label: string }>(
    `SELECT label FROM tags WHERE dimension = 'item' GROUP BY label ORDER BY count(*) DESC LIMIT 1`,
  );

  const targets: [string, string, number][] = [
    ['baseline /healthz', '/healthz', Infinity],
    ['/api/passages', '/api/passages', 150],
    ['/api/passages?q=Abschiebungshaft', '/api/passages?q=Abschiebungshaft', 150],
    [`/api/passages?item=…&stance=…`, `/api/passages?item=${item?.label}&stance=ablehnung&pageSize=200`, 150],
    ['/api/passages?land=BY&reviewed=false', '/api/passages?land=BY&reviewed=false', 150],
    ['/api/passages?sort=confidence&page=40', '/api/passages?sort=confidence&page=40&pageSize=100', 150],
    ['/api/passages?order=instructive&page=40', '/api/passages?order=instructive&page=40&pageSize=100', 150],
    ['/api/replies?late=true', '/api/replies?late=true', 150],
    ['/inbox', '/inbox', 300],
    ['/inbox?q=Abschiebung&land=NW', '/inbox?q=Abschiebung&land=NW', 300],
    ['/passages', '/passages', 300],
    ['/passages?q=Haft&unconfirmed=stance', '/passages?q=Haft&unconfirmed=stance', 300],
    ['/replies/:id', `/replies/${reply?.id}`, 300],
    ['/review-queue', '/review-queue', 300],
    ['/review-queue?order=instructive', '/review-queue?order=instructive', 300],
    ['/coverage', '/coverage', 300],
    ['/synopsis', '/synopsis', 300],
  ];
  const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.ceil(q * xs.length) - 1] ?? 0;
  console.log(
    `bench:web — ${loaded.replies} replies, ${loaded.passages} passages (PostgreSQL), ${ROUNDS} requests each after 2 untimed`,
  );
  console.log(
    `${'request'.padEnd(42)} ${'status'.padStart(6)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'max ms'.padStart(8)}  target`,
  );
  let failures = 0;
  for (const [name, path, target] of targets) {
    const times: number[] = [];
    let status = 0;
    for (let i = 0; i < ROUNDS + 2; i++) {
      const t0 = performance.now();
      const res = await fetch(`${base}${path}`, { headers: { cookie } });
      await res.arrayBuffer();
      if (i >= 2) times.push(performance.now() - t0);
      status = res.status;
    }
    const p95 = quantile(times, 0.95);
    const ok = status === 200 && p95 <= target;
    if (!ok) failures++;
    console.log(
      `${name.padEnd(42)} ${String(status).padStart(6)} ${quantile(times, 0.5).toFixed(1).padStart(8)} ${p95.toFixed(1).padStart(8)} ${Math.max(
        ...times,
      )
        .toFixed(1)
        .padStart(8)}  ${Number.isFinite(target) ? `≤ ${target} ${ok ? 'ok' : 'MISSED'}` : ''}`,
    );
  }
  console.log(failures ? `${failures} target(s) missed` : 'all targets met');
  await web.close();
  process.exitCode = failures ? 1 : 0;
} finally {
  await closeQueues(queues);
  redis.disconnect();
  await db.query(`DROP SCHEMA ${schema} CASCADE`).catch(() => undefined);
  await db.close();
}
