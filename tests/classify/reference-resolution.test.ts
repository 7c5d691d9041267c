import { beforeAll, describe, expect, it } from 'vitest';
import { loadPipeline } from '../../src/config/pipeline.ts';
import { referenceResolution } from '../../src/classify/reference-resolution.ts';
import type { Taxonomy } from '../../src/core/types.ts';

let taxonomy: Taxonomy;
beforeAll(async () => {
  taxonomy = (await loadPipeline('pipelines', 'rueckfuehrung-2024')).taxonomy;
});

const gold = (id: string, text: string, items: string[], boilerplate = false) => ({
  id,
  text,
  items,
  topics: [],
  stance: 'neutral',
  boilerplate,
});
const pred = (id: string, items: string[]) => ({ id, items, topics: [], stance: 'neutral' });

describe('referenceResolution', () => {
  it('counts cited gold items, those the classifier tagged, and citations the gold labels lack', () => {
    const r = referenceResolution(
      [
        gold('a', 'Zu Anlage 1 Nr. 7: Atteste kommen zu spät.', ['A1-ATTEST']),
        gold('b', 'Zu Nr. 2 der Anlage 2 und Anlage 1 Nr. 7', ['A2-PEP', 'A1-ATTEST']),
        gold('c', 'Zu Anlage 1 Nr. 9: keine Anmerkungen.', []),
        gold('d', 'Mit freundlichen Grüßen, zu Anlage 1 Nr. 1', [], true),
        gold('e', 'Die Haft ist zu kurz.', ['A1-HAFT']),
      ],
      [pred('a', ['A1-ATTEST']), pred('b', ['A2-PEP']), pred('c', ['A1-KIRCHENASYL'])],
      taxonomy,
    );
    expect(r).toEqual({ cited: 3, resolved: 2, misresolved: 1 });
  });
});
