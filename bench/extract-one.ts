/**
 * Child of bench/extract.ts, compiled to plain JavaScript and run by plain Node as the extraction processes are (no
 * tsx): extracts one file `rounds` times after a warm-up and prints the best time, the best CPU time and the peak RSS in MB.
 */
import { readFileSync } from 'node:fs';
import { DEFAULT_EXTRACT_LIMITS, extractDocument } from '../src/extract/extract-document.ts';

const [file, roundsArg] = process.argv.slice(2);
let best = 0;
let bestCpu = 0;
if (file) {
  const bytes = readFileSync(file);
  const once = async () => {
    const t = performance.now();
    const cpu = process.cpuUsage();
    const r = await extractDocument(
      { bytes, declaredType: 'application/octet-stream', filename: null },
      DEFAULT_EXTRACT_LIMITS,
    );
    if (!r.ok) throw new Error(r.error.detail);
    const used = process.cpuUsage(cpu);
    bestCpu = Math.min(bestCpu, (used.user + used.system) / 1000);
    return performance.now() - t;
  };
  await once();
  best = Infinity;
  bestCpu = Infinity;
  for (let i = 0; i < Number(roundsArg ?? 1); i++) best = Math.min(best, await once());
}
process.stdout.write(
  JSON.stringify({
    seconds: best / 1000,
    cpuSeconds: bestCpu / 1000,
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  }) + '\n',
);
