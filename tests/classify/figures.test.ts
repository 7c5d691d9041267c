import { describe, expect, it } from 'vitest';
import { figureFeatures } from '../../src/classify/figures.ts';

describe('figureFeatures', () => {
  it('sees a county’s own figures: years, dates, percentages and how many numbers', () => {
    expect(figureFeatures('Kirchenasyl: 2022 ein Fall, 2023 zwei, 2024 bisher fünf Fälle.')).toEqual([
      'fig:year',
      'fig:count:3',
    ]);
    expect(figureFeatures('Zum Stichtag 30.06.2024 waren 412 Personen geduldet.')).toEqual(['fig:date', 'fig:count:2']);
    expect(figureFeatures('rund 15 % der Fälle')).toEqual(['fig:percent', 'fig:count:1']);
  });

  it('leaves section, paragraph and item numbers to the citation and reference rules', () => {
    expect(figureFeatures('Zu Anlage 1 Nr. 7: § 60a Abs. 2c AufenthG sollte geändert werden.')).toEqual([
      'fig:count:0',
    ]);
  });
});
