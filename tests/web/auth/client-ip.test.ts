import { describe, expect, it } from 'vitest';
import { parseTrustedProxies, resolveClientIp } from '../../../src/web/auth/client-ip.ts';

describe('resolveClientIp (whose failed logins are counted)', () => {
  it('ignores X-Forwarded-For when no proxy is trusted', () => {
    expect(resolveClientIp('198.51.100.7', '203.0.113.5', null)).toBe('198.51.100.7');
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', () => {
    const trusted = parseTrustedProxies('10.0.0.0/8');
    expect(resolveClientIp('198.51.100.7', '203.0.113.5', trusted)).toBe('198.51.100.7');
  });

  it('takes the right-most untrusted hop behind trusted proxies, not what the client wrote on the left', () => {
    const trusted = parseTrustedProxies('127.0.0.1, 10.0.0.0/8');
    expect(resolveClientIp('127.0.0.1', '203.0.113.5', trusted)).toBe('203.0.113.5');
    expect(resolveClientIp('::ffff:127.0.0.1', '1.2.3.4, 203.0.113.5, 10.1.2.3', trusted)).toBe('203.0.113.5');
    // Garbage in the chain: stop at the last address a trusted proxy vouched for.
    expect(resolveClientIp('127.0.0.1', 'bogus, 10.1.2.3', trusted)).toBe('10.1.2.3');
  });

  it('refuses a malformed proxy list with a message naming the entry', () => {
    expect(() => parseTrustedProxies('10.0.0.0/40')).toThrow(/10\.0\.0\.0\/40/);
    expect(() => parseTrustedProxies('proxy.local')).toThrow(/proxy\.local/);
    expect(parseTrustedProxies('  ')).toBeNull();
  });
});
