import { describe, expect, it } from 'vitest';
import { detectVersionCue, linkVersions } from '../../src/relations/reply-versions.ts';

describe('reply versions', () => {
  it('reads replacement and addendum cues from subject and text', () => {
    expect(detectVersionCue('Korrektur: Stellungnahme Rückführung', '')).toBe('replacement');
    expect(detectVersionCue(null, 'Diese Fassung ersetzt unsere Stellungnahme vom 11.09.2024.')).toBe('replacement');
    expect(detectVersionCue(null, 'Ergänzend zu unserer Stellungnahme vom 11.09.2024 teilen wir mit …')).toBe(
      'addendum',
    );
    expect(detectVersionCue('AW: Nachtrag Rückführung', 'Zu Nr. 7 noch folgendes.')).toBe('addendum');
    expect(detectVersionCue('AW: Rundschreiben', 'Wir ergänzen die Regelung um eine Frist.')).toBeNull();
  });

  it('links a cue to the newest earlier reply of the same county', () => {
    const d = (s: string) => new Date(s);
    const links = linkVersions([
      { key: 'a', ags: '01051', sentAt: d('2024-09-11'), cue: null },
      { key: 'b', ags: '01051', sentAt: d('2024-09-12'), cue: 'addendum' },
      { key: 'c', ags: '01051', sentAt: d('2024-09-13'), cue: 'replacement' },
      { key: 'x', ags: '09187', sentAt: d('2024-09-14'), cue: 'replacement' },
    ]);
    expect(links).toEqual([
      { key: 'b', earlierKey: 'a', relation: 'addendum' },
      { key: 'c', earlierKey: 'b', relation: 'replacement' },
    ]);
  });
});
