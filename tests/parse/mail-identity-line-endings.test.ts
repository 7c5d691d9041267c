import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { identifyMail } from '../../src/parse/mail-identity.ts';

/**
 * docs/reliability.md, class 8: the same mail with CRLF (as IMAP hands it out) and with LF line endings (a saved .eml)
 * became two messages flagged `conflict`, its passages exported twice.
 */
describe('mail identity across line endings', () => {
  const lf = readFileSync('fixtures/mail/01-body-only.eml').toString('latin1').replace(/\r\n/g, '\n');
  const crlf = lf.replace(/\n/g, '\r\n');

  it('gives a mail the same id whether its lines end in CRLF, LF or a mix', () => {
    const a = identifyMail(Buffer.from(lf, 'latin1'));
    const b = identifyMail(Buffer.from(crlf, 'latin1'));
    const mixed = crlf.slice(0, crlf.length / 2) + crlf.slice(crlf.length / 2).replace(/\r\n/g, '\n');
    expect(b).toEqual(a);
    expect(identifyMail(Buffer.from(mixed, 'latin1'))).toEqual(a);
  });

  it('still tells apart mails whose text differs', () => {
    const changed = lf.replace('Landkreis', 'Landkreiz');
    expect(changed).not.toBe(lf);
    expect(identifyMail(Buffer.from(changed, 'latin1')).contentHash).not.toBe(
      identifyMail(Buffer.from(lf, 'latin1')).contentHash,
    );
  });
});
