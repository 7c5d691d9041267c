import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The process's Prometheus metrics. Stages and listeners record into these; the web server exposes them at
 * /metrics. One registry per process: every worker process on every machine is scraped on its own.
 */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry, prefix: 'ruecklauf_' });

export const jobsTotal = new Counter({
  name: 'ruecklauf_jobs_total',
  help: 'Stage jobs finished, by stage and outcome (completed, failed, superseded)',
  labelNames: ['stage', 'outcome'] as const,
  registers: [metricsRegistry],
});

export const stageDuration = new Histogram({
  name: 'ruecklauf_stage_duration_seconds',
  help: 'Time a stage took, by stage: a stage job, or a stage run inside a chained parse job (whose own time includes it)',
  labelNames: ['stage'] as const,
  buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
  registers: [metricsRegistry],
});

export const mailsReceived = new Counter({
  name: 'ruecklauf_mails_received_total',
  help: 'Mails stored by the receive stage, by source (imap, file) and whether they were new',
  labelNames: ['source', 'new'] as const,
  registers: [metricsRegistry],
});

export const extractionFailures = new Counter({
  name: 'ruecklauf_extraction_failures_total',
  help: 'Documents that could not be extracted, by reason code',
  labelNames: ['code'] as const,
  registers: [metricsRegistry],
});

export const imapConnectionState = new Gauge({
  name: 'ruecklauf_imap_connected',
  help: '1 while the IMAP listener of a mailbox is connected, 0 otherwise',
  labelNames: ['mailbox'] as const,
  registers: [metricsRegistry],
});

export const queueDepth = new Gauge({
  name: 'ruecklauf_queue_jobs',
  help: 'Jobs per stage queue and state, sampled at scrape time',
  labelNames: ['stage', 'state'] as const,
  registers: [metricsRegistry],
});
