import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

/**
 * One holder per key across processes: SET NX PX with a random token, renewed while held, released only by the
 * holder (compare-and-delete). When a renewal finds the token gone (expired during a stall, taken over), `onLost`
 * fires and the holder must stop working at once.
 */
export class RedisLock {
  readonly token = randomBytes(16).toString('hex');
  private timer: NodeJS.Timeout | null = null;
  private held = false;
  private lastRenewed = 0;

  constructor(
    private readonly redis: Redis,
    readonly key: string,
    private readonly ttlMs = 30_000,
  ) {}

  get isHeld(): boolean {
    return this.held;
  }

  async tryAcquire(onLost: (reason: string) => void): Promise<boolean> {
    const res = await this.redis.set(this.key, this.token, 'PX', this.ttlMs, 'NX');
    if (res !== 'OK') return false;
    this.held = true;
    this.timer = setInterval(
      () => {
        this.redis
          .eval(RENEW, 1, this.key, this.token, String(this.ttlMs))
          .then((n) => {
            if (Number(n) === 1) this.lastRenewed = Date.now();
            else if (this.held) {
              this.stopRenewing();
              onLost('lock token gone (expired or taken over)');
            }
          })
          .catch((err: unknown) => {
            // A failed renewal is not yet a lost lock; the key lives ttlMs. Give up when it may have expired.
            if (this.held && Date.now() - this.lastRenewed > this.ttlMs * 0.8) {
              this.stopRenewing();
              onLost(`lock renewal failed: ${err instanceof Error ? err.message : String(err)}`);
            }
          });
      },
      Math.max(100, Math.floor(this.ttlMs / 3)),
    );
    this.timer.unref();
    this.lastRenewed = Date.now();
    return true;
  }

  private stopRenewing(): void {
    this.held = false;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  async release(): Promise<void> {
    const wasHeld = this.held;
    this.stopRenewing();
    if (!wasHeld) return;
    try {
      await this.redis.eval(RELEASE, 1, this.key, this.token);
    } catch {
      // the key expires by itself after ttlMs
    }
  }
}
