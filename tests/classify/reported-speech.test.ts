import { describe, expect, it } from 'vitest';
import { reportedSpeechCues } from '../../src/classify/reported-speech.ts';
import { synonymClassesOf } from '../../src/classify/synonyms.ts';
import { stemGerman } from '../../src/classify/natural-de.ts';

describe('reported-speech and modal cues', () => {
  it.each([
    ['Der Landkreis fordert, die Regelung müsse geändert werden.', ['rs:demand', 'rs:subjunctive']],
    ['Der Kreis lehnt die Zentralisierung mit großer Mehrheit ab.', ['rs:reject']],
    ['Im Protokoll heißt es, die Regelung sei zu begrüßen.', ['rs:support', 'rs:subjunctive']],
    ['In der Sitzung wurde kritisiert, dass Atteste zu spät kommen.', ['rs:reject']],
    ['Die Sachgebietsleiterin berichtete, Termine würden nur quartalsweise vergeben.', ['rs:report']],
    ['Nr. 7 | Zustimmung | Anforderungen überfällig', ['rs:cell-yes']],
    ['13 | Arbeitsverbot | Ablehnung | wer arbeitet, entlastet die Kassen', ['rs:cell-no']],
    ['E 4 | Betreten anderer Räume | – | noch nicht angewandt', ['rs:cell-none']],
  ])('%s → %j', (text, cues) => {
    expect(reportedSpeechCues(text)).toEqual(cues);
  });

  it('finds nothing in a plain first-person report', () => {
    expect(reportedSpeechCues('Wir haben im letzten Jahr 31 Personen zurückgeführt.')).toEqual([]);
  });
});

describe('synonym classes (OpenThesaurus)', () => {
  it('puts a word the corpus never used into the class of one it did', () => {
    const abschiebung = synonymClassesOf(stemGerman('abschiebung'));
    const rueckschaffung = synonymClassesOf(stemGerman('rueckschaffung'));
    expect(abschiebung.length).toBeGreaterThan(0);
    expect(rueckschaffung.some((c) => abschiebung.includes(c))).toBe(true);
  });

  it('has no class for words outside the domain sets', () => {
    expect(synonymClassesOf('xyzzy')).toEqual([]);
  });
});
