import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../../src/web/auth/password.ts';

describe('password hashing (scrypt)', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hashPassword('korrekt-pferd-batterie');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(await verifyPassword('korrekt-pferd-batterie', hash)).toBe(true);
    expect(await verifyPassword('korrekt-pferd-batteriE', hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
  });

  it('salts: the same password hashes differently each time', async () => {
    const [a, b] = await Promise.all([hashPassword('gleiches-passwort'), hashPassword('gleiches-passwort')]);
    expect(a).not.toBe(b);
    expect(await verifyPassword('gleiches-passwort', b)).toBe(true);
  });

  it('never matches a malformed or foreign stored hash', async () => {
    for (const stored of ['', 'plain', 'bcrypt$x$y', 'scrypt$16384$8$1$abc', 'scrypt$16384$8$1$c2FsdA$']) {
      expect(await verifyPassword('x', stored)).toBe(false);
    }
  });

  it('treats composed and decomposed umlauts as the same password', async () => {
    const hash = await hashPassword('Grüße-aus-Görlitz');
    expect(await verifyPassword('Gru\u0308ße-aus-Go\u0308rlitz', hash)).toBe(true);
  });
});
