import { beforeAll, describe, expect, it } from 'vitest';
import { loadRespondents } from '../../src/config/respondents.ts';
import { matchRespondent } from '../../src/attribute/match-respondent.ts';
import type { Respondent } from '../../src/core/respondent.ts';

describe('matching a reply to a Landkreis', () => {
  let all: Respondent[];
  beforeAll(async () => {
    all = await loadRespondents('pipelines/rueckfuehrung-2024');
  });
  const match = (fromName: string | null, fromAddress: string | null = null, signature: string | null = null) =>
    matchRespondent({ fromName, fromAddress, signature }, all);
  const name = (ags: string | undefined) => all.find((r) => r.ags === ags)?.name;

  it('loads all 294 Landkreise', () => {
    expect(all).toHaveLength(294);
    expect(new Set(all.map((r) => r.landCode)).size).toBe(13);
  });

  it.each([
    ['Landkreis Harz', 'Harz'],
    ['Kreis Ostholstein', 'Ostholstein'],
    ['Landratsamt Rosenheim', 'Rosenheim'],
    ['Kreisverwaltung Südwestpfalz', 'Südwestpfalz'],
    ['Landkreis Goerlitz', 'Görlitz'],
    ['Landkreis Vorpommern-Greifswald', 'Vorpommern-Greifswald'],
    ['Rhein-Sieg-Kreis, Ausländeramt', 'Rhein-Sieg-Kreis'],
    ['Landkreis Rotenburg (Wümme)', 'Rotenburg (Wümme)'],
    ['Region Hannover', 'Hannover'],
  ])('by sender name: %s', (from, expected) => {
    expect(name(match(from)?.ags)).toBe(expected);
  });

  it('does not take a Landesverband or a Harz-compound for a county', () => {
    expect(match('Landkreistag Brandenburg', 'info@landkreistag-brandenburg.de')).toBeNull();
    expect(name(match('Landkreis Mansfeld-Südharz')?.ags)).toBe('Mansfeld-Südharz');
  });

  it('falls back to the signature, then to the mail domain', () => {
    expect(name(match('Jana Becker', 'jb@example.org', 'Mit freundlichen Grüßen\nLandratsamt Rosenheim')?.ags)).toBe(
      'Rosenheim',
    );
    expect(name(match('Poststelle', 'auslaenderamt@lra-rosenheim.de')?.ags)).toBe('Rosenheim');
    expect(name(match(null, 'jana.becker@lksuedwestpfalz.de')?.ags)).toBe('Südwestpfalz');
    expect(name(match(null, 'x@uckermark.de')?.ags)).toBe('Uckermark');
    expect(match('Poststelle', 'info@example.org')).toBeNull();
  });
});
