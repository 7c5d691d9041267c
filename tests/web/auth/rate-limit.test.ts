import { describe, expect, it } from 'vitest';
import { createLoginLimiter } from '../../../src/web/auth/rate-limit.ts';

describe('login rate limit', () => {
  const o = { windowMs: 60_000, maxPerUser: 3, maxPerIp: 5 };

  it('blocks an address + username after the allowed failures, until the window passes', () => {
    const l = createLoginLimiter(o);
    for (let i = 0; i < 3; i++) {
      expect(l.retryAfter('1.2.3.4', 'ada', 1000 + i)).toBe(0);
      l.recordFailure('1.2.3.4', 'ada', 1000 + i);
    }
    expect(l.retryAfter('1.2.3.4', 'ada', 2000)).toBeGreaterThan(0);
    expect(l.retryAfter('1.2.3.4', 'ADA', 2000)).toBeGreaterThan(0); // usernames are case-insensitive here
    expect(l.retryAfter('5.6.7.8', 'ada', 2000)).toBe(0); // another address is not locked out by this one
    expect(l.retryAfter('1.2.3.4', 'ada', 1000 + 60_001)).toBe(0);
  });

  it('blocks an address spraying many usernames', () => {
    const l = createLoginLimiter(o);
    for (let i = 0; i < 5; i++) l.recordFailure('1.2.3.4', `user${i}`, 1000);
    expect(l.retryAfter('1.2.3.4', 'someone-else', 1001)).toBeGreaterThan(0);
  });

  it("forgets an account's failures after a successful login", () => {
    const l = createLoginLimiter(o);
    l.recordFailure('1.2.3.4', 'ada', 1000);
    l.recordFailure('1.2.3.4', 'ada', 1001);
    l.recordSuccess('1.2.3.4', 'ada');
    l.recordFailure('1.2.3.4', 'ada', 1002);
    expect(l.retryAfter('1.2.3.4', 'ada', 1003)).toBe(0);
  });
});
