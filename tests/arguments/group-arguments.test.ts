import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { groupArguments } from '../../src/arguments/group-arguments.ts';
import type { ArgumentPassage, SubjectArguments } from '../../src/core/argument-types.ts';

const gold = ['haft', 'pep', 'gewahrsam28'].flatMap((f) =>
  readFileSync(`pipelines/rueckfuehrung-2024/arguments-eval/${f}.jsonl`, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { id: string; text: string; items: string[]; argument: string | null }),
);
const passages: ArgumentPassage[] = gold.map((g) => ({ id: g.id, text: g.text, subjects: g.items }));
const options = { splitter: null };
const of = (result: SubjectArguments[], subject: string) => result.find((s) => s.subject === subject)!;

describe('groupArguments', () => {
  const result = groupArguments(passages, options);

  it('puts every passage of a subject in exactly one argument or among the unassigned', () => {
    for (const s of result) {
      const ids = [...s.arguments.flatMap((a) => a.passages), ...s.unassigned].sort();
      const expected = passages.filter((p) => p.subjects.includes(s.subject)).map((p) => p.id);
      expect(ids).toEqual(expected.sort());
      for (const a of s.arguments) {
        expect(a.passages.length).toBeGreaterThanOrEqual(2);
        expect(a.passages).toContain(a.representative);
      }
    }
    // A passage tagged with two items is grouped under both.
    expect(of(result, 'E-KEINE-ERFAHRUNG')).toBeDefined();
  });

  it('keeps near-duplicates together, even where they resemble nothing else', () => {
    const lonely = gold.find((g) => g.id === 'ae-haft-24')!;
    const copy = {
      id: 'ae-haft-24b',
      text: lonely.text.replace('unserer Auffassung', 'Auffassung des Kreises'),
      subjects: lonely.items,
    };
    const withCopy = of(groupArguments([...passages, copy], options), 'A1-HAFT');
    const holder = withCopy.arguments.find((a) => a.passages.includes('ae-haft-24'));
    expect(holder?.passages).toContain('ae-haft-24b');
    const same = of(result, 'A1-HAFT').arguments.find((a) => a.passages.includes('ae-haft-05'));
    expect(same?.passages).toContain('ae-haft-06');
  });

  it('gives the same result whatever order the passages come in', () => {
    const shuffled = [...passages].reverse();
    expect(groupArguments(shuffled, options)).toEqual(result);
  });

  it('labels every argument of a subject with distinct readable German phrases', () => {
    for (const s of result) {
      const labels = s.arguments.map((a) => a.label.toLowerCase());
      expect(new Set(labels).size).toBe(labels.length);
      for (const a of s.arguments) expect(a.label).toMatch(/^[\p{Lu}§„]/u);
    }
  });

  it('keeps a reviewed argument: its id, label, passages and quote; new passages that fit join it', () => {
    const reviewed = {
      id: 'arg_reviewed_fees',
      label: 'Gebühren der Botschaften',
      representative: 'ae-pep-19',
      pinned: ['ae-pep-17', 'ae-pep-19', 'ae-pep-21'],
    };
    const later = {
      id: 'ae-pep-99',
      text: 'Die Gebühren der Botschaften für Passersatzpapiere und die Reisekosten zur Vorführung trägt allein der Kreis.',
      subjects: ['A2-PEP'],
    };
    const reviews = new Map([['A2-PEP', { arguments: [reviewed], pinnedUnassigned: ['ae-pep-20'] }]]);
    const pep = of(groupArguments([...passages, later], { ...options, reviews }), 'A2-PEP');
    const kept = pep.arguments.find((a) => a.id === reviewed.id)!;
    expect(kept).toMatchObject({ label: reviewed.label, representative: 'ae-pep-19', reviewed: true });
    expect(kept.passages).toEqual(expect.arrayContaining([...reviewed.pinned, 'ae-pep-99']));
    expect(pep.unassigned).toContain('ae-pep-20');
    expect(pep.arguments.filter((a) => a.label === reviewed.label)).toHaveLength(1);
  });

  it('never merges two reviewed arguments', () => {
    const reviews = new Map([
      [
        'A1-HAFT',
        {
          arguments: [
            { id: 'arg_a', label: null, representative: null, pinned: ['ae-haft-05'] },
            { id: 'arg_b', label: 'Zweite Hälfte', representative: null, pinned: ['ae-haft-06'] },
          ],
          pinnedUnassigned: [],
        },
      ],
    ]);
    const haft = of(groupArguments(passages, { ...options, reviews }), 'A1-HAFT');
    const a = haft.arguments.find((x) => x.id === 'arg_a')!;
    const b = haft.arguments.find((x) => x.id === 'arg_b')!;
    expect(a.passages).toContain('ae-haft-05');
    expect(a.passages).not.toContain('ae-haft-06');
    expect(b.passages).toContain('ae-haft-06');
    expect(a.label.length).toBeGreaterThan(0);
  });
});
