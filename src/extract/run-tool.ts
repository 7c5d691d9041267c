import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * External converters (poppler, tesseract, LibreOffice) run as child processes: a hang or a memory blow-up costs
 * that process, which the time limit kills. Inputs are written under fixed names in a private temporary
 * directory — never under a sender's file name.
 */
export interface ToolRun {
  stdout: string;
}

export class ToolError extends Error {
  override readonly name = 'ToolError';
  constructor(
    readonly tool: string,
    readonly reason: 'missing' | 'timeout' | 'failed',
    detail: string,
  ) {
    super(`${tool}: ${detail}`);
  }
}

export function runTool(
  tool: string,
  args: readonly string[],
  opts: { timeoutMs: number; cwd?: string; env?: NodeJS.ProcessEnv },
): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    execFile(
      tool,
      args,
      {
        timeout: opts.timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: 64 * 1024 * 1024,
        cwd: opts.cwd,
        env: { ...process.env, ...opts.env },
      },
      (err, stdout, stderr) => {
        if (!err) return resolve({ stdout });
        const e = err as NodeJS.ErrnoException & { killed?: boolean };
        if (e.code === 'ENOENT')
          return reject(
            new ToolError(tool, 'missing', `${tool} is not installed (apt-get install the package that provides it)`),
          );
        if (e.killed) return reject(new ToolError(tool, 'timeout', `stopped after ${opts.timeoutMs / 1000} s`));
        reject(new ToolError(tool, 'failed', (stderr || e.message).trim().split('\n').slice(-3).join(' ')));
      },
    );
  });
}

/** A private working directory, removed afterwards whatever happens. */
export async function withScratchDir<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ruecklauf-'));
  try {
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
