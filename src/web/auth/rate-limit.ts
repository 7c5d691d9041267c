/**
 * Failed-login throttling, per client address + username (guessing one account's password) and per address
 * alone with a higher ceiling (trying one password against many accounts). In memory: the web server is one
 * process, and a restart forgetting the counts is acceptable for a 15-minute window.
 */
export interface LoginLimiter {
  /** Seconds until the next attempt is allowed, or 0 when it may proceed. */
  retryAfter(ip: string, username: string, now?: number): number;
  recordFailure(ip: string, username: string, now?: number): void;
  recordSuccess(ip: string, username: string): void;
}

export interface LimiterOptions {
  windowMs: number;
  maxPerUser: number;
  maxPerIp: number;
}

export const DEFAULT_LIMITS: LimiterOptions = { windowMs: 15 * 60_000, maxPerUser: 5, maxPerIp: 50 };

export function createLoginLimiter(o: LimiterOptions = DEFAULT_LIMITS): LoginLimiter {
  const failures = new Map<string, number[]>();
  const recent = (key: string, now: number) => {
    const kept = (failures.get(key) ?? []).filter((t) => t > now - o.windowMs);
    if (kept.length) failures.set(key, kept);
    else failures.delete(key);
    return kept;
  };
  const userKey = (ip: string, username: string) => `${ip}\u0000${username.toLowerCase()}`;
  const wait = (times: number[], max: number, now: number) =>
    times.length >= max ? Math.ceil(((times[times.length - max] ?? now) + o.windowMs - now) / 1000) : 0;
  return {
    retryAfter(ip, username, now = Date.now()) {
      return Math.max(
        wait(recent(userKey(ip, username), now), o.maxPerUser, now),
        wait(recent(ip, now), o.maxPerIp, now),
      );
    },
    recordFailure(ip, username, now = Date.now()) {
      for (const key of [userKey(ip, username), ip]) failures.set(key, [...recent(key, now), now]);
    },
    recordSuccess(ip, username) {
      failures.delete(userKey(ip, username));
    },
  };
}
