import { describe, expect, it } from 'vitest';
import { headLineKind, strongLineKind, tailLineKind } from '../../../src/extract/segment/letter-lines.ts';

describe('letter lines', () => {
  it('names the letter parts the issue lists by their form', () => {
    const cases: [string, string | null][] = [
      ['Lennéstraße 11', 'address'],
      ['10785 Berlin', 'address'],
      ['Aktenzeichen: 32.4-102/2024', 'reference'],
      ['Heide, 11.09.2024', 'reference'],
      ['Bezug: Ihr Rundschreiben vom 24.07.2024', 'reference'],
      ['Sehr geehrte Damen und Herren,', 'salutation'],
      ['Mit freundlichen Grüßen', 'closing'],
      ['gez. Huber Sachgebietsleiter', 'signature'],
      ['Stand: 13.09.2024', 'reference'],
      ['IBAN DE12 2225 0020 0000 0123 45', 'footer'],
      ['Öffnungszeiten: Mo.–Fr. 08:00–12:00 Uhr', 'footer'],
      ['-------- Weitergeleitete Nachricht --------', 'forward-header'],
    ];
    expect(cases.map(([line]) => [line, strongLineKind(line)])).toEqual(cases);
  });

  it('leaves statements alone, even short ones with a letter word in them', () => {
    for (const line of [
      'Die Zentrale Ausländerbehörde ist zuständig.',
      'Der Landrat hat die Verlängerung des Ausreisegewahrsams begrüßt.',
      'Zu Anlage 1 Nr. 7',
      'Fehlanzeige.',
      'Im Jahr 2024 wurden 87 Personen abgeschoben.',
    ])
      expect([line, strongLineKind(line), headLineKind(line)]).toEqual([line, null, null]);
  });

  it('reads the authority in the head and names and titles below the closing', () => {
    expect(headLineKind('Kreis Dithmarschen')).toBe('letterhead');
    expect(headLineKind('Fachdienst 32 – Ausländerbehörde')).toBe('letterhead');
    expect(tailLineKind('Dr. Marcel Riethig')).toBe('signature');
    expect(tailLineKind('Sachgebietsleiter')).toBe('signature');
    expect(tailLineKind('Wir bitten um Beachtung.')).toBeNull();
  });
});
