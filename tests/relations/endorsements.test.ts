import { describe, expect, it } from 'vitest';
import { detectEndorsement, nominative } from '../../src/relations/endorsements.ts';

describe('endorsements', () => {
  it.each([
    ['Wir schließen uns der Stellungnahme des Niedersächsischen Landkreistages an.', 'Niedersächsischer Landkreistag'],
    [
      'Der Landkreis Tübingen schließt sich der Stellungnahme des Landkreistags Baden-Württemberg an.',
      'Landkreistag Baden-Württemberg',
    ],
    ['Im Übrigen verweisen wir auf die Stellungnahme des Landkreises Celle vom 12.09.2024.', 'Landkreis Celle'],
    ['Wir tragen die Ausführungen des Bayerischen Landkreistags vollumfänglich mit.', 'Bayerischer Landkreistag'],
    ['Der Stellungnahme des Landkreistages Sachsen-Anhalt ist nichts hinzuzufügen.', 'Landkreistag Sachsen-Anhalt'],
  ])('%s', (text, target) => {
    expect(detectEndorsement(text)?.target).toBe(target);
  });

  it('does not take a statement about other bodies for an endorsement', () => {
    for (const text of [
      'Die Stellungnahme des BAMF liegt noch nicht vor.',
      'Wir schließen die Lücke durch eigene Kräfte.',
      'Der Landkreis verweist Ausreisepflichtige an die Zentrale Ausländerbehörde.',
    ])
      expect(detectEndorsement(text)).toBeNull();
  });

  it('names the body in the nominative', () => {
    expect(nominative('Niedersächsischen Landkreistages')).toBe('Niedersächsischer Landkreistag');
    expect(nominative('Landkreises Harz')).toBe('Landkreis Harz');
  });
});
