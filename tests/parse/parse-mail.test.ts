import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseMail } from '../../src/parse/parse-mail.ts';

const mail = async (path: string) => parseMail(await readFile(path));
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('parseMail', () => {
  it('reads headers and the plain body of a reply', async () => {
    const m = await mail('fixtures/mail/01-body-only.eml');
    expect(m).toMatchObject({
      messageId: '<harz-2024-09-02@kreis-hz.de>',
      from: 'auslaenderbehoerde@kreis-hz.de',
      fromName: 'Landkreis Harz',
    });
    expect(m.date?.toISOString()).toBe('2024-09-02T10:15:00.000Z');
    expect(m.documents.map((d) => d.path)).toEqual(['body']);
    expect(text(m.documents[0]!.bytes)).toContain('Zu Anlage 1 Nr. 7:');
  });

  it('gives each attachment its own document with the declared type and name', async () => {
    const m = await mail('fixtures/mail/06-corrupt-pdf-and-docx.eml');
    expect(m.documents.map((d) => [d.path, d.kind, d.filename, d.declaredType])).toEqual([
      ['body', 'body', null, 'text/plain; charset=utf-8'],
      ['att1', 'attachment', 'Stellungnahme Teil 1.pdf', 'application/pdf'],
      [
        'att2',
        'attachment',
        'Stellungnahme Teil 2.docx',
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      ],
    ]);
  });

  it('unpacks forwarded messages recursively, also when they were attached inline', async () => {
    const m = await mail('fixtures/mail/04-forwarded-bundle.eml');
    expect(m.documents.map((d) => d.path)).toEqual(['body', 'msg1/body', 'msg2/body', 'msg2/att1']);
    expect(text(m.documents[1]!.bytes)).toContain('Kirchenasyl');
    expect(m.documents[3]).toMatchObject({ filename: 'Stellungnahme Uckermark.pdf', kind: 'attachment' });
    // The cover mail's own text does not swallow the forwarded ones.
    expect(text(m.documents[0]!.bytes)).not.toContain('Kirchenasyl');
  });

  it('decodes undeclared Windows-1252 text without replacement characters, and says so', async () => {
    const m = await mail('fixtures/mail/08-late-reply.eml');
    const body = text(m.documents[0]!.bytes);
    expect(body).toContain('Haftplätze in der Abschiebungshafteinrichtung');
    expect(body).toContain('Görlitz');
    expect(body).not.toContain('\uFFFD');
    expect(m.warnings).toEqual(['text without a declared charset was decoded as Windows-1252']);
  });

  it('keeps the HTML of an HTML-only mail as the body, for the HTML extractor', async () => {
    const m = await mail('fixtures/mail/05-fehlanzeige-html.eml');
    expect(m.documents[0]?.declaredType).toBe('text/html; charset=utf-8');
  });

  it('never lets an attachment name carry a path, a device name or an absurd length', async () => {
    const m = await mail('fixtures/hostile/h01-attachment-names.eml');
    const names = m.documents.filter((d) => d.kind === 'attachment').map((d) => d.filename);
    expect(names.slice(0, 3)).toEqual(['passwd', '_', 'win.ini']);
    const long = names[3] ?? '';
    expect(long.length).toBeLessThanOrEqual(120);
    expect(long.endsWith('.pdf')).toBe(true);
    for (const n of names) expect(n).not.toMatch(/[/\\\0]|\.\./);
  });

  it('keeps the body of a multipart without boundary as raw text with a malformed-MIME warning', async () => {
    const m = await mail('fixtures/hostile/h02-multipart-without-boundary.eml');
    expect(text(m.documents[0]!.bytes)).toBe('Zu Anlage 1 Nr. 2: Der Ausreisegewahrsam wird begruesst.');
    expect(m.warnings[0]).toMatch(/^malformed MIME \(multipart without boundary\)/);
  });

  it('reads the parts of a multipart whose boundary is never closed, with a warning', async () => {
    const m = await mail('fixtures/hostile/h03-unclosed-boundary.eml');
    expect(text(m.documents[0]!.bytes)).toContain('Es fehlt Personal');
    expect(m.warnings[0]).toMatch(/boundary never closed/);
  });

  it('flags an Outlook winmail.dat but still keeps it as a document', async () => {
    const m = await mail('fixtures/hostile/h04-winmail-dat.eml');
    expect(m.documents.map((d) => d.filename)).toEqual([null, 'winmail.dat']);
    expect(m.warnings[0]).toMatch(/winmail\.dat \(TNEF\)/);
  });
});

describe('parseMail origins', () => {
  it('attributes documents of a forwarded message to its own sender, and the cover mail to nobody else', async () => {
    const m = await mail('fixtures/mail/04-forwarded-bundle.eml');
    expect(m.documents.map((d) => d.origin?.from ?? null)).toEqual([
      null,
      'auslaenderbehoerde@kvbarnim.de',
      'auslaenderamt@uckermark.de',
      'auslaenderamt@uckermark.de',
    ]);
    expect(m.documents[1]?.origin).toMatchObject({
      fromName: 'Landkreis Barnim',
      messageId: '<barnim-2024-09-05@kvbarnim.de>',
      date: '2024-09-05T09:30:00.000Z',
    });
  });
});
