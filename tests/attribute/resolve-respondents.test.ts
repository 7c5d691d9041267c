import { describe, expect, it } from 'vitest';
import { AttributionMemo, resolveRespondents } from '../../src/attribute/resolve-respondents.ts';
import type { RespondentSource } from '../../src/store/respondent-assignments.ts';
import type { Respondent } from '../../src/core/respondent.ts';

const respondents: Respondent[] = [
  { ags: '09187', name: 'Rosenheim', officialName: 'Landkreis Rosenheim', landCode: 'BY', land: 'Bayern' },
  { ags: '16061', name: 'Eichsfeld', officialName: 'Landkreis Eichsfeld', landCode: 'TH', land: 'Thüringen' },
];

const source = (o: Partial<RespondentSource>): RespondentSource => ({
  message_id: 'msg_1',
  origin_path: '',
  from_name: null,
  from_address: null,
  sent_at: null,
  signature: null,
  assigned: false,
  ags: null,
  assigned_by: null,
  ...o,
});

describe('resolveRespondents', () => {
  it('learns a mail domain from a reviewer’s assignment and recognises the next mail from it', () => {
    const units = resolveRespondents(
      [
        source({
          message_id: 'msg_a',
          from_address: 'poststelle@kreis-xyz.example',
          assigned: true,
          ags: '16061',
          assigned_by: 'rita',
        }),
        source({ message_id: 'msg_b', from_address: 'sachbearbeitung@kreis-xyz.example' }),
        source({ message_id: 'msg_c', from_address: 'someone@gmail.com' }),
      ],
      respondents,
    );
    expect(units.map((u) => [u.messageId, u.respondent?.ags ?? null, u.source, u.confidence])).toEqual([
      ['msg_a', '16061', 'reviewer', 1],
      ['msg_b', '16061', 'auto', 0.9],
      ['msg_c', null, 'none', 0],
    ]);
    expect(units[1]?.reason).toBe('mail domain kreis-xyz.example, taught by rita');
  });

  it('learns nothing from a domain reviewers assigned to two counties, or from free-mail domains', () => {
    const units = resolveRespondents(
      [
        source({ message_id: 'msg_a', from_address: 'a@shared.example', assigned: true, ags: '16061' }),
        source({ message_id: 'msg_b', from_address: 'b@shared.example', assigned: true, ags: '09187' }),
        source({ message_id: 'msg_c', from_address: 'c@shared.example' }),
        source({ message_id: 'msg_d', from_address: 'x@web.de', assigned: true, ags: '09187' }),
        source({ message_id: 'msg_e', from_address: 'y@web.de' }),
      ],
      respondents,
    );
    expect(units.filter((u) => u.source !== 'reviewer').map((u) => u.respondent)).toEqual([null, null]);
  });

  // The relations refresh keeps the last refresh's attributions (src/queue/workers/refresh-relations.ts).
  it('gives the same units with a memo of the last call, and attributes again when reviewers teach a domain', () => {
    const memo = new AttributionMemo();
    const mails = [
      source({
        message_id: 'msg_b',
        from_address: 'sachbearbeitung@kreis-xyz.example',
        signature: 'Landkreis Rosenheim',
      }),
      source({ message_id: 'msg_c', from_address: 'someone@gmail.com' }),
    ];
    const plain = resolveRespondents(mails, respondents);
    expect(resolveRespondents(mails, respondents, new Map(), memo)).toEqual(plain);
    expect(resolveRespondents(mails, respondents, new Map(), memo)).toEqual(plain); // from the memo
    const taught = [
      source({
        message_id: 'msg_a',
        from_address: 'p@kreis-xyz.example',
        assigned: true,
        ags: '16061',
        assigned_by: 'rita',
      }),
      ...mails,
    ];
    const withMemo = resolveRespondents(taught, respondents, new Map(), memo);
    expect(withMemo).toEqual(resolveRespondents(taught, respondents));
    expect(withMemo[1]?.clues).not.toEqual(plain[0]?.clues); // the taught domain counts: not the memo's old entry
  });
});
