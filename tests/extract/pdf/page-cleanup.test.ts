import { describe, expect, it } from 'vitest';
import { cleanPages } from '../../../src/extract/pdf/page-cleanup.ts';

const page = (n: number, heading: string) =>
  [
    'Landkreis Musterland · Der Landrat',
    heading,
    `Die Ausländerbehörde berichtet zu Abschnitt ${n} aus der Praxis der Rückführung.`,
    `Seite ${n} von 6`,
  ].join('\n');

describe('running headers and footers', () => {
  it('removes the letterhead and page numbers on every page but keeps one item heading per page', () => {
    const pages = cleanPages([1, 2, 3, 4, 5, 6].map((n) => page(n, `Zu Anlage ${n > 3 ? 2 : 1} Nr. ${n}`)));
    expect(pages.map((lines) => lines[0])).toEqual([
      'Zu Anlage 1 Nr. 1',
      'Zu Anlage 1 Nr. 2',
      'Zu Anlage 1 Nr. 3',
      'Zu Anlage 2 Nr. 4',
      'Zu Anlage 2 Nr. 5',
      'Zu Anlage 2 Nr. 6',
    ]);
    expect(pages.flat().join('\n')).not.toMatch(/Der Landrat|Seite \d von 6/);
  });

  it('still removes the very same item reference when it runs on every page', () => {
    const pages = cleanPages([1, 2, 3, 4].map((n) => page(n, 'Stellungnahme zu Anlage 1 Nr. 7')));
    expect(pages.flat().some((l) => l.includes('Anlage 1 Nr. 7'))).toBe(false);
    const same = cleanPages([1, 2, 3, 4].map((n) => page(n, 'Anlage 1 Nr. 7 (Fortsetzung)')));
    expect(same.flat().some((l) => l.includes('Nr. 7'))).toBe(false);
  });
});
