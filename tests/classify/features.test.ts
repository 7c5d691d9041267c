import { beforeAll, describe, expect, it } from 'vitest';
import { loadPipeline } from '../../src/config/pipeline.ts';
import { citationFeatures } from '../../src/classify/citations.ts';
import { compoundSplitter, taxonomyVocabulary, type CompoundSplitter } from '../../src/classify/compound-splitter.ts';
import { featureExtractor, type FeatureExtractor } from '../../src/classify/features.ts';
import { stemGerman, tokenizeGerman } from '../../src/classify/natural-de.ts';
import type { Taxonomy } from '../../src/core/types.ts';

let taxonomy: Taxonomy;
let splitter: CompoundSplitter;
let features: FeatureExtractor;
beforeAll(async () => {
  taxonomy = (await loadPipeline('pipelines', 'rueckfuehrung-2024')).taxonomy;
  splitter = compoundSplitter(taxonomyVocabulary(taxonomy));
  features = featureExtractor(taxonomy);
});

describe('compound splitting against the taxonomy vocabulary', () => {
  it.each([
    ['abschiebungshafteinrichtung', ['abschiebungshaft', 'einrichtung']],
    ['abschiebungshafteinrichtungen', ['abschiebungshaft', 'einrichtung']],
    ['reiseunfaehigkeitsbescheinigung', ['reiseunfaehigkeit', 'bescheinigung']],
    ['passersatzpapierbeschaffung', ['passersatzpapier', 'beschaffung']],
    ['dublinueberstellungen', ['dublin', 'ueberstellung']],
  ])('%s → %j', (word, parts) => {
    expect(splitter.split(word)).toEqual(parts);
  });

  it('leaves unknown and short words whole', () => {
    expect(splitter.split('kaffeemaschine')).toEqual(['kaffeemaschine']);
    expect(splitter.split('haft')).toEqual(['haft']);
  });
});

describe('German features', () => {
  it("stems with natural's Porter stemmer and tokenizes with its German tokenizer", () => {
    expect(tokenizeGerman('die ärztin, § 62b')).toEqual(['die', 'ärztin', '62b']);
    expect(stemGerman('überstellungen')).toBe(stemGerman('überstellung'));
  });

  it('folds umlauts and ß, so both spellings give the same features', () => {
    expect(features('Die Ärzte stellen Atteste aus.')).toEqual(features('Die Aerzte stellen Atteste aus.'));
    expect(features('Maßnahmen')).toEqual(features('Massnahmen'));
  });

  it('adds the parts of a compound next to its stem', () => {
    const f = features('Die Abschiebungshafteinrichtung ist voll.');
    expect(f).toContain(`w:${stemGerman('abschiebungshaft')}`);
    expect(f).toContain(`w:${stemGerman('einrichtung')}`);
  });

  it('turns legal citations into features, keeping § 62 and § 62b apart', () => {
    expect(citationFeatures('nach § 60a Abs. 2c AufenthG')).toEqual(['cite:60a', 'cite:60a:2c', 'cite:60a:aufenthg']);
    expect(citationFeatures('§ 62b AufenthG')).toEqual(['cite:62b', 'cite:62b:aufenthg']);
    expect(citationFeatures('§§ 60a, 60b')).toEqual(['cite:60a', 'cite:60b']);
    expect(citationFeatures('Art. 28 Dublin-III-VO')).toEqual(['art:28', 'art:28:dublin-iii-vo']);
  });

  it("includes the rules' evidence: keyword hits per item and topic, stance cues", () => {
    const f = features('Fehlanzeige. Die Reiseunfähigkeit wird durch Atteste behauptet; wir lehnen das ab.');
    expect(f).toEqual(expect.arrayContaining(['kw:A1-ATTEST', 'kw:X-FEHLANZEIGE', 'cue:ablehnung', 'cue:neutral']));
  });
});
