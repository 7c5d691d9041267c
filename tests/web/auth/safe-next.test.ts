import { describe, expect, it } from 'vitest';
import { safeNext } from '../../../src/web/auth/safe-next.ts';

describe('safeNext (where the login sends the browser)', () => {
  it('keeps local paths with their query', () => {
    expect(safeNext('/replies/msg_1?x=1&y=%2F')).toBe('/replies/msg_1?x=1&y=%2F');
    expect(safeNext('/passages?q=Abschiebung&item=A1-ATTEST')).toBe('/passages?q=Abschiebung&item=A1-ATTEST');
  });

  it.each([
    ['//evil.example/x'],
    ['/\\evil.example'],
    ['/\t/evil.example'], // the URL parser strips the tab: "//evil.example"
    ['/\n/evil.example'],
    ['/inbox\r\nSet-Cookie: a=b'], // CR/LF cannot go into a Location header (was a 500)
    ['/a b'],
    ['/a\u0000b'],
    ['https://evil.example/'],
    ['evil.example'],
    [''],
    [undefined],
    ['/ü'], // browsers percent-encode; a raw non-ASCII path is not ours
    [`/${'a'.repeat(600)}`],
  ])('sends %j to the inbox', (next) => {
    expect(safeNext(next)).toBe('/inbox');
  });
});
