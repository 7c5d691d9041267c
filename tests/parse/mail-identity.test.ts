import { describe, expect, it } from 'vitest';
import { identifyMail } from '../../src/parse/mail-identity.ts';

const mail = (headers: string, body = 'Sehr geehrte Damen und Herren,\r\nFehlanzeige.\r\n') =>
  Buffer.from(`${headers}\r\n\r\n${body}`, 'latin1');

const BASE = 'From: abh@kreis-pinneberg.de\r\nSubject: Stellungnahme\r\nMessage-ID: <abc@kreis-pinneberg.de>';

describe('identifyMail', () => {
  it('reads the Message-ID without angle brackets, across a folded header line', () => {
    expect(identifyMail(mail(BASE)).headerMessageId).toBe('abc@kreis-pinneberg.de');
    expect(identifyMail(mail('From: a@b.de\r\nMessage-ID:\r\n <folded@b.de>')).headerMessageId).toBe('folded@b.de');
  });

  it('gives the same id to a mail delivered twice with different trace headers', () => {
    const a = identifyMail(mail(`Received: from mx1 by mx2; Mon, 16 Sep 2024 10:00:00 +0200\r\n${BASE}`));
    const b = identifyMail(
      mail(`Received: from mx3\r\n by mx4; Tue, 17 Sep 2024 11:00:00 +0200\r\nDelivered-To: x@y.de\r\n${BASE}`),
    );
    expect(a.id).toBe(b.id);
    expect(a.contentHash).toBe(b.contentHash);
  });

  it('keeps two different mails with one Message-ID apart', () => {
    const a = identifyMail(mail(BASE, 'Text A'));
    const b = identifyMail(mail(BASE, 'Text B'));
    expect(a.headerMessageId).toBe(b.headerMessageId);
    expect(a.id).not.toBe(b.id);
  });

  it('keys a mail without Message-ID by its content, and ids are BullMQ-safe', () => {
    const a = identifyMail(mail('From: a@b.de\r\nSubject: x'));
    expect(a.headerMessageId).toBeNull();
    expect(a.id).toBe(identifyMail(mail('From: a@b.de\r\nSubject: x')).id);
    expect(a.id).toMatch(/^msg_[0-9a-f]{32}$/);
  });

  it('handles bare LF line endings', () => {
    const lf = Buffer.from('From: a@b.de\nMessage-ID: <lf@b.de>\n\nHallo\n');
    expect(identifyMail(lf).headerMessageId).toBe('lf@b.de');
  });
});
