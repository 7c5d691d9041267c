import { describe, expect, it } from 'vitest';
import { parseSynopsisOptions, synopsisQuery } from '../../../../src/web/exports/synopsis/options.ts';

const known = { lands: ['BY', 'NI', 'SH'], items: ['A1-HAFT', 'A1-ATTEST'] };

describe('synopsis options from the query string', () => {
  it('defaults to everything', () => {
    expect(parseSynopsisOptions({}, known)).toEqual({
      ok: true,
      options: { reviewedOnly: false, lands: [], items: [] },
    });
  });

  it('reads reviewed=only, land codes in any case and item lists, and writes them back', () => {
    const r = parseSynopsisOptions({ reviewed: 'only', land: 'ni, by', items: 'A1-ATTEST' }, known);
    expect(r).toEqual({ ok: true, options: { reviewedOnly: true, lands: ['NI', 'BY'], items: ['A1-ATTEST'] } });
    if (r.ok) expect(synopsisQuery(r.options)).toBe('?reviewed=only&land=NI%2CBY&items=A1-ATTEST');
    expect(synopsisQuery({ reviewedOnly: false, lands: [], items: [] })).toBe('');
  });

  it.each([
    [{ reviewed: 'yes' }, 'reviewed', /allowed: only, all/],
    [{ land: 'XX' }, 'land', /allowed: comma-separated Land codes \(BY, NI, SH\)/],
    [{ items: 'A1-HAFT,NOPE' }, 'items', /allowed: comma-separated item ids/],
    [{ page: '2' }, 'page', /unknown parameter; allowed: reviewed, land, items/],
  ])('refuses %j naming %s and what is allowed', (query, parameter, message) => {
    const r = parseSynopsisOptions(query, known);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.parameter).toBe(parameter);
      expect(r.message).toMatch(message);
    }
  });
});
