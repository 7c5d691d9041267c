import { describe, expect, it } from 'vitest';
import { checkCorpus, findShortfalls, formatCounts, readCorpus } from '../../scripts/check-corpus.ts';
import type { CorpusFile } from '../../scripts/check-corpus.ts';
import { loadPipeline } from '../../src/config/pipeline.ts';

const taxonomy = (await loadPipeline('pipelines', 'rueckfuehrung-2024')).taxonomy;

function line(fields: Record<string, unknown>): string {
  return JSON.stringify({
    id: 'tr-0001',
    text: 'Text',
    items: ['A1-ATTEST'],
    topics: [],
    stance: 'erfahrung',
    boilerplate: false,
    ...fields,
  });
}

function train(...lines: string[]): CorpusFile {
  return { split: 'train', name: 'train.jsonl', content: lines.join('\n') + '\n' };
}

function messages(files: CorpusFile[]): string[] {
  return checkCorpus(taxonomy, files).errors.map((e) => `${e.file}:${e.line}: ${e.message}`);
}

describe('the shipped rueckfuehrung-2024 corpus', () => {
  it('has no errors and meets every minimum', async () => {
    const { taxonomy: shipped, files } = await readCorpus('pipelines', 'rueckfuehrung-2024');
    const report = checkCorpus(shipped, files);
    expect(report.errors).toEqual([]);
    expect(findShortfalls(report)).toEqual([]);
    expect(report.total.passages).toBeGreaterThanOrEqual(450);
    for (const n of Object.values(report.total.items)) expect(n).toBeGreaterThanOrEqual(6);
    for (const n of Object.values(report.total.topics)) expect(n).toBeGreaterThanOrEqual(10);
    for (const n of Object.values(report.total.stances)) expect(n).toBeGreaterThanOrEqual(40);
    for (const n of Object.values(report.counts.dev.items)) expect(n).toBeGreaterThanOrEqual(1);
  });

  it('keeps dev at about a fifth of the corpus', async () => {
    const { taxonomy: shipped, files } = await readCorpus('pipelines', 'rueckfuehrung-2024');
    const { counts, total } = checkCorpus(shipped, files);
    expect(counts.dev.passages / total.passages).toBeGreaterThan(0.15);
    expect(counts.dev.passages / total.passages).toBeLessThan(0.25);
  });
});

describe('checkCorpus', () => {
  it('accepts a labelled passage, boilerplate and a Fehlanzeige', () => {
    const files = [
      train(
        line({}),
        line({ id: 'tr-0002', text: 'Mit freundlichen Grüßen', items: [], stance: 'neutral', boilerplate: true }),
        line({ id: 'tr-0003', text: 'Fehlanzeige.', items: [], topics: ['X-FEHLANZEIGE'], stance: 'neutral' }),
      ),
    ];
    const report = checkCorpus(taxonomy, files);
    expect(report.errors).toEqual([]);
    expect(report.counts.train).toMatchObject({ passages: 3, boilerplate: 1, fehlanzeige: 1, multiItem: 0 });
    expect(report.counts.train.items['A1-ATTEST']).toBe(1);
    expect(report.counts.train.stances['neutral']).toBe(2);
  });

  it('names unknown item, topic and stance ids with file and line', () => {
    expect(
      messages([
        train(line({}), line({ id: 'tr-0002', text: 'B', items: ['A1-NIX'], topics: ['X-FOO'], stance: 'jein' })),
      ]),
    ).toEqual([
      'train.jsonl:2: unknown item "A1-NIX"',
      'train.jsonl:2: unknown topic "X-FOO"',
      'train.jsonl:2: unknown stance "jein"',
    ]);
  });

  it('finds duplicate ids and texts across splits, ignoring case and whitespace', () => {
    const dev: CorpusFile = {
      split: 'dev',
      name: 'dev.jsonl',
      content: line({ id: 'dev-0001', text: '  text ' }) + '\n' + line({ id: 'dev-0001', text: 'Anders' }),
    };
    expect(messages([train(line({})), dev])).toEqual([
      'dev.jsonl:1: duplicate text of train.jsonl:1',
      'dev.jsonl:2: duplicate id "dev-0001" (first at dev.jsonl:1)',
    ]);
  });

  it('rejects empty labels, boilerplate with items and a Fehlanzeige that takes a side', () => {
    expect(
      messages([
        train(
          line({ items: [] }),
          line({ id: 'tr-0002', text: 'Gruß', boilerplate: true }),
          line({
            id: 'tr-0003',
            text: 'Keine Anmerkungen.',
            items: [],
            topics: ['X-FEHLANZEIGE'],
            stance: 'ablehnung',
          }),
        ),
      ]),
    ).toEqual([
      'train.jsonl:1: content passage has no items and no topics: label it, or mark it boilerplate or Fehlanzeige',
      'train.jsonl:2: boilerplate must have no items and no topics',
      'train.jsonl:2: boilerplate must have stance "neutral"',
      'train.jsonl:3: Fehlanzeige must have stance "neutral"',
    ]);
  });

  it('reports malformed lines, missing fields and ids of the wrong split', () => {
    const bad = train(
      '{"id": "tr-0001", "text": ',
      JSON.stringify({ id: 'tr-0002', text: 'x', items: [] }),
      line({ id: 'dev-0009' }),
    );
    const found = messages([bad]);
    expect(found[0]).toMatch(/^train\.jsonl:1: not valid JSON: /);
    expect(found[1]).toContain('train.jsonl:2: topics:');
    expect(found[1]).toContain('stance:');
    expect(found[2]).toBe('train.jsonl:3: id "dev-0009" must start with "tr-" in the train split');
  });
});

describe('findShortfalls and formatCounts', () => {
  it('lists each label below its minimum and prints one row per label', () => {
    const report = checkCorpus(taxonomy, [train(line({}))]);
    const shortfalls = findShortfalls(report, { passages: 2, perItem: 1, perTopic: 0, perStance: 0, perItemInDev: 0 });
    expect(shortfalls[0]).toBe('1 passages, need 2');
    expect(shortfalls).toContain('item A1-HAFT: 0 passages, need 1');
    expect(shortfalls).not.toContain('item A1-ATTEST: 0 passages, need 1');
    expect(formatCounts(report)).toMatch(/^item A1-ATTEST\s+1\s+0\s+1$/m);
  });
});
