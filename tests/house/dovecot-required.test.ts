import { describe, expect, it } from 'vitest';
import { DOVECOT_BIN, dovecotAvailable } from '../helpers/dovecot.ts';

describe('the Dovecot-backed tests', () => {
  const missing = '/nonexistent/sbin/dovecot';

  it('are skipped on a machine without Dovecot outside CI', () => {
    expect(dovecotAvailable(missing, {})).toBe(false);
    expect(dovecotAvailable(missing, { CI: 'false' })).toBe(false);
  });

  it('fail under CI=true when Dovecot is missing, saying how to install it', () => {
    expect(() => dovecotAvailable(missing, { CI: 'true' })).toThrow(/missing, and CI=true demands the IMAP tests/);
    expect(() => dovecotAvailable(missing, { CI: '1' })).toThrow(/scripts\/ensure-services\.sh/);
  });

  it('run where the server binary exists, in CI or not', () => {
    // Any existing file stands in for the binary here, so this case holds on a machine without Dovecot too.
    expect(dovecotAvailable(process.execPath, { CI: 'true' })).toBe(true);
    expect(DOVECOT_BIN).toBe('/usr/sbin/dovecot');
  });
});
