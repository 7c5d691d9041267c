import { describe, expect, it } from 'vitest';
import { createStatementNamer } from '../../src/store/statement-names.ts';

describe('createStatementNamer', () => {
  it('names one SQL text the same way every time and two texts differently', () => {
    const name = createStatementNamer();
    const a = name('SELECT $1::int');
    expect(a).toMatch(/^r_[0-9a-f]{24}$/);
    expect(name('SELECT $1::int')).toBe(a);
    expect(name('SELECT $1::text')).not.toBe(a);
  });

  it('names no new text beyond its limit but keeps the names it gave', () => {
    const name = createStatementNamer(2);
    const first = name('SELECT 1 WHERE $1');
    name('SELECT 2 WHERE $1');
    expect(name('SELECT 3 WHERE $1')).toBeUndefined();
    expect(name('SELECT 1 WHERE $1')).toBe(first);
  });
});
