import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseHeaderDate, splitInlineForwards } from '../../src/parse/inline-forward.ts';
import { parseMail } from '../../src/parse/parse-mail.ts';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('inline forwards', () => {
  it('reads a Thunderbird forward like an attached message: own document, original sender, date and subject', async () => {
    const m = await parseMail(await readFile('fixtures/letters/a07-inline-forward-cuxhaven.eml'));
    expect(m.from).toBe('info@nlt.de');
    expect(m.documents.map((d) => d.path)).toEqual(['body', 'fwd1/body']);
    const fwd = m.documents[1];
    expect(fwd?.origin).toEqual({
      messageId: null,
      from: 'jens.luehrs@landkreis-cuxhaven.de',
      fromName: 'Jens Lührs',
      subject: 'Stellungnahme Rückführung',
      date: '2024-09-13T07:41:12.000Z',
    });
    expect(text(fwd!.bytes)).toMatch(/^-------- Weitergeleitete Nachricht --------/);
    expect(text(m.documents[0]!.bytes)).not.toContain('Weitergeleitete Nachricht');
  });

  it('splits an Outlook "Von:/Gesendet:" block in a WG: mail, parsing the German date', async () => {
    const m = await parseMail(await readFile('fixtures/letters/a08-outlook-forward-tuebingen.eml'));
    expect(m.documents.map((d) => [d.path, d.origin?.from ?? null])).toEqual([
      ['body', null],
      ['fwd1/body', 'm.weber@kreis-tuebingen.de'],
    ]);
    expect(m.documents[1]?.origin).toMatchObject({ fromName: 'Weber, Martina', date: '2024-09-16T12:03:00.000Z' });
  });

  it('leaves a reply quoting the circular alone: an Outlook block under "AW:" is a quote, not a forward', async () => {
    const m = await parseMail(await readFile('fixtures/letters/a09-reply-quoting-greifswald.eml'));
    expect(m.documents.map((d) => d.path)).toEqual(['body']);
  });

  it('knows the other clients’ markers and quoted forwards', () => {
    const split = splitInlineForwards(
      [
        'FYI',
        '',
        'Begin forwarded message:',
        '',
        '> From: Landratsamt Rosenheim <poststelle@lra-rosenheim.de>',
        '> Subject: Stellungnahme',
        '> Date: 16 September 2024 at 10:02:11 CEST',
        '>',
        '> Fehlanzeige.',
      ].join('\n'),
      'Fwd: Stellungnahme',
    );
    expect(split.own).toBe('FYI');
    expect(split.forwards).toHaveLength(1);
    expect(split.forwards[0]?.origin.from).toBe('poststelle@lra-rosenheim.de');
    expect(split.forwards[0]?.text).toContain('Fehlanzeige.');
    expect(splitInlineForwards('Von: a@b.de\nGesendet: heute\n\nText', 'AW: x').forwards).toEqual([]);
  });

  it('parses German and RFC 2822 header dates', () => {
    expect(parseHeaderDate('Freitag, 13. September 2024 09:41')).toBe('2024-09-13T07:41:00.000Z');
    expect(parseHeaderDate('Fri, 13 Sep 2024 09:41:12 +0200')).toBe('2024-09-13T07:41:12.000Z');
    expect(parseHeaderDate('irgendwann')).toBeNull();
  });
});
