import { describe, expect, it } from 'vitest';
import { isHeadingOnly, isStatement } from '../../../../src/web/exports/synopsis/statement-filter.ts';

describe('isStatement: headings, salutations and boilerplate are never statements', () => {
  it.each([
    'Zu Anlage 1 Nr. 7:',
    'Zu Anlage 1 Nr. 7',
    'Anlage 2, Ziff. 3:',
    'Zu 1.7',
    'II. 4. – Kirchenasyl',
    'Zu Anlage 1 Nr. 7 – Reisefähigkeit und ärztliche Atteste',
    'Zu Frage 3:',
    'Erfahrungen mit dem RückFVG:',
  ])('drops the heading %j', (text) => {
    expect(isHeadingOnly(text)).toBe(true);
    expect(isStatement({ text, boilerplate: false })).toBe(false);
  });

  it.each([
    'Zu Anlage 1 Nr. 7: Zustimmung',
    'Zu Anlage 1 Nr. 7: Wir lehnen die Änderung ab.',
    'Die Verlängerung des Ausreisegewahrsams auf 28 Tage wird begrüßt.',
    'Fehlanzeige.',
  ])('keeps the statement %j', (text) => {
    expect(isStatement({ text, boilerplate: false })).toBe(true);
  });

  it.each([
    'Sehr geehrte Damen und Herren,',
    'Mit freundlichen Grüßen\nIm Auftrag\nErika Musterfrau',
    'Liebe Kolleginnen und Kollegen,',
  ])('drops the salutation %j even when a reviewer marked it content', (text) =>
    expect(isStatement({ text, boilerplate: false })).toBe(false),
  );

  it('drops boilerplate whatever its text', () => {
    expect(isStatement({ text: 'Die Verlängerung wird begrüßt.', boilerplate: true })).toBe(false);
    expect(isStatement({ text: '   ', boilerplate: false })).toBe(false);
  });
});
