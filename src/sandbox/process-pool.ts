import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { ChildReply } from './serve-parent.ts';

/**
 * Runs untrusted-input work (PDF, DOCX, office conversion) in child processes that are killed on overrun. Processes,
 * not worker threads: a thread's `resourceLimits` bound only the V8 heap, and pdf.js keeps decoded streams in typed
 * arrays outside it — one small PDF grew a process to 10 GB under a 768 MB "limit" (docs/reliability.md, class 3).
 * A child process is bounded three ways:
 *   - the kernel: `prlimit --data` caps its private writable memory (heap and ArrayBuffers alike); an allocation
 *     beyond it fails inside the child ("Array buffer allocation failed") instead of growing the machine's RSS;
 *   - a watchdog reads its resident memory every WATCH_MS and kills it above the limit (where prlimit is missing);
 *   - V8's --max-old-space-size for the heap alone.
 * The time limit starts when a child takes the task, not when it is queued: a document waiting behind a slow one
 * has not started (class 1). Children are reused, so libraries load once per process.
 */
export interface ProcessPoolOptions {
  /** Module that calls serveParentTasks (plain .mjs in production; .ts modules run under tsx, for tests). */
  filename: string;
  processes: number;
  timeoutMs: number;
  /** Memory limit of one child process in MB (resident and private writable memory). */
  maxMemoryMb: number;
  /** An idle child exits after this long (its memory goes back to the machine). */
  idleMs?: number;
}

export type IsolatedFailure = { ok: false; reason: 'timeout' | 'memory' | 'crashed'; detail: string };
export type IsolatedOutcome<T> = { ok: true; value: T } | IsolatedFailure;

export interface IsolatedPool<In, Out> {
  run(task: In): Promise<IsolatedOutcome<Out>>;
  /** Tasks waiting for a free process. */
  readonly queued: number;
  /** Processes that would take a task at once (none while tasks wait). */
  readonly idle: number;
  /** Process ids of the live children (for measuring the process tree). */
  readonly pids: number[];
  close(): Promise<void>;
}

const WATCH_MS = 100;
const STDERR_TAIL = 4096;
/** How long a dead child's stderr may stay open (held by a grandchild) before its end is classified without it. */
const STDERR_GRACE_MS = 1_000;
/** What V8 (or C++ under the data limit) prints when the heap hits --max-old-space-size or an allocation is refused. */
const OOM_STDERR =
  /heap out of memory|Reached heap limit|Fatal process out of memory|allocation failed|std::bad_alloc/i;

interface Waiting<In, Out> {
  task: In;
  settle(outcome: IsolatedOutcome<Out>): void;
}

interface Slot {
  child: ChildProcess | null;
  stderr: string;
  idle: NodeJS.Timeout | null;
}

export function createProcessPool<In, Out>(opts: ProcessPoolOptions): IsolatedPool<In, Out> {
  const waiting: Waiting<In, Out>[] = [];
  const free: Slot[] = Array.from({ length: opts.processes }, () => ({ child: null, stderr: '', idle: null }));
  const slots = [...free];
  let nextId = 1;
  let closed = false;

  const dispatch = (): void => {
    while (!closed && free.length > 0 && waiting.length > 0) {
      const slot = free.pop() as Slot;
      const job = waiting.shift() as Waiting<In, Out>;
      runOn(slot, job);
    }
  };

  const release = (slot: Slot): void => {
    free.push(slot);
    const child = slot.child;
    if (child) {
      child.channel?.unref();
      slot.idle = setTimeout(() => void stopChild(slot), opts.idleMs ?? 60_000);
      slot.idle.unref();
    }
    dispatch();
  };

  const runOn = (slot: Slot, job: Waiting<In, Out>): void => {
    if (slot.idle) clearTimeout(slot.idle);
    slot.idle = null;
    const child = (slot.child ??= startChild(opts, slot));
    child.channel?.ref();
    const id = nextId++;
    let verdict: IsolatedFailure | null = null;
    let done = false;
    const finish = (outcome: IsolatedOutcome<Out>): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      clearInterval(watchdog);
      child.off('message', onMessage);
      child.off('exit', onExit);
      job.settle(outcome);
      release(slot);
    };
    const kill = (failure: IsolatedFailure): void => {
      verdict ??= failure;
      killTree(child);
      // 'exit' follows; the slot gets a new child on its next task.
    };
    const onMessage = (reply: ChildReply<Out>): void => {
      if (reply.id !== id) return;
      if (reply.ok) return finish({ ok: true, value: reply.value });
      if (reply.memory) {
        // The child survived a refused allocation, but its heap may be in any state: start afresh.
        void stopChild(slot);
        return finish({ ok: false, reason: 'memory', detail: memoryDetail(opts) });
      }
      finish({ ok: false, reason: 'crashed', detail: reply.message });
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
      if (slot.child === child) slot.child = null;
      if (verdict) return finish(verdict);
      // 'exit' can come before the last of stderr has been read, and V8's "heap out of memory" is the last thing a
      // child writes: classify once stderr has ended (or after STDERR_GRACE_MS, should a grandchild hold it open).
      const classify = (): void => {
        if (OOM_STDERR.test(slot.stderr) || crashedNearLimit(signal, peakMb, opts))
          return finish({ ok: false, reason: 'memory', detail: memoryDetail(opts) });
        const tail = slot.stderr.trim().split('\n').slice(-3).join(' | ');
        finish({
          ok: false,
          reason: 'crashed',
          detail: `the extraction process ended (${signal ?? `exit code ${code}`})${tail ? `: ${tail}` : ''}`,
        });
      };
      const stderr = child.stderr;
      if (!stderr || stderr.readableEnded) return classify();
      stderr.once('end', classify);
      setTimeout(classify, STDERR_GRACE_MS).unref();
    };
    const timer = setTimeout(
      () =>
        kill({ ok: false, reason: 'timeout', detail: `stopped after the time limit of ${opts.timeoutMs / 1000} s` }),
      opts.timeoutMs,
    );
    let peakMb = 0;
    const watchdog = setInterval(() => {
      const rss = residentMb(child.pid);
      peakMb = Math.max(peakMb, rss ?? 0);
      if (rss !== null && rss > opts.maxMemoryMb) kill({ ok: false, reason: 'memory', detail: memoryDetail(opts) });
    }, WATCH_MS);
    child.on('message', onMessage);
    child.on('exit', onExit);
    slot.stderr = '';
    child.send({ id, task: job.task }, (err) => {
      if (err) kill({ ok: false, reason: 'crashed', detail: `could not hand the task over: ${err.message}` });
    });
  };

  return {
    run(task) {
      if (closed) return Promise.resolve({ ok: false, reason: 'crashed', detail: 'the extraction pool is closed' });
      return new Promise((settle) => {
        waiting.push({ task, settle });
        dispatch();
      });
    },
    get queued() {
      return waiting.length;
    },
    get idle() {
      return closed ? 0 : Math.max(0, free.length - waiting.length);
    },
    get pids() {
      return slots.flatMap((s) => (s.child?.pid ? [s.child.pid] : []));
    },
    async close() {
      closed = true;
      for (const w of waiting.splice(0))
        w.settle({ ok: false, reason: 'crashed', detail: 'the extraction pool closed' });
      await Promise.all(slots.map((s) => stopChild(s)));
    },
  };
}

/** Signals of a process that died on a bad memory access or an abort rather than being stopped. */
const FAULT_SIGNALS: ReadonlySet<string> = new Set(['SIGSEGV', 'SIGBUS', 'SIGABRT', 'SIGTRAP', 'SIGILL']);
/** A fault once the watchdog had seen at least this share of the limit resident counts as running out of memory. */
const NEAR_LIMIT = 0.5;

/**
 * Under prlimit's data limit V8 does not always get to print "heap out of memory": an allocation refused deep inside
 * it can end the process with SIGSEGV and nothing on stderr (seen in the pool test under load, 1 run in 5). A fault
 * after the process had grown to half the limit or more is taken as the memory limit reached.
 */
function crashedNearLimit(signal: NodeJS.Signals | null, peakMb: number, opts: ProcessPoolOptions): boolean {
  return signal !== null && FAULT_SIGNALS.has(signal) && peakMb >= opts.maxMemoryMb * NEAR_LIMIT;
}

function memoryDetail(opts: ProcessPoolOptions): string {
  return `stopped at the memory limit of ${opts.maxMemoryMb} MB`;
}

/** The child's own process group, so that what it starts (LibreOffice) dies with it. */
function killTree(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

function stopChild(slot: Slot): Promise<void> {
  const child = slot.child;
  slot.child = null;
  if (slot.idle) clearTimeout(slot.idle);
  slot.idle = null;
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    // Children are unref'd so an idle pool never holds the process open; whoever awaits this stop must see the exit,
    // or a script whose last handle this is ends with the await unsettled (bench:extract did, silently).
    child.ref();
    child.once('exit', () => resolve());
    killTree(child);
  });
}

function startChild(opts: ProcessPoolOptions, slot: Slot): ChildProcess {
  const node = [
    `--max-old-space-size=${opts.maxMemoryMb}`,
    ...(opts.filename.endsWith('.ts') ? ['--import', 'tsx'] : []),
    opts.filename,
  ];
  const [command, args] = hasPrlimit()
    ? ['prlimit', [`--data=${opts.maxMemoryMb * 1024 * 1024}`, process.execPath, ...node]]
    : [process.execPath, node];
  const child = spawn(command, args, {
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    serialization: 'advanced',
    detached: true,
  });
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    slot.stderr = (slot.stderr + chunk).slice(-STDERR_TAIL);
  });
  child.on('error', () => undefined); // a failed spawn also emits 'exit', which settles the task
  child.unref();
  return child;
}

let prlimit: boolean | undefined;
/** util-linux's prlimit sets the child's RLIMIT_DATA before exec'ing Node (Node cannot set limits on a child). */
function hasPrlimit(): boolean {
  prlimit ??= spawnSync('prlimit', ['--version'], { stdio: 'ignore' }).status === 0;
  return prlimit;
}

/** Resident memory of a process in MB from /proc (Linux); null where that is unavailable. */
export function residentMb(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
    return match?.[1] ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}
