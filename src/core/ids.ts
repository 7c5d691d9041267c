import { createHash } from 'node:crypto';

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Deterministic ids for rows and BullMQ jobs. BullMQ job ids must not contain ':' and must not be integers
 * (RELIABILITY.md #7), so ids are a kind prefix plus hex of a hash.
 */
export function stableId(kind: string, ...parts: ReadonlyArray<string | number>): string {
  const digest = sha256Hex(parts.map(String).join('\u0000'));
  return `${kind}_${digest.slice(0, 32)}`;
}
