import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDomainTable } from '../../src/config/respondent-domains.ts';
import { loadRespondents } from '../../src/config/respondents.ts';
import { refreshReplyRelations } from '../../src/queue/refresh-reply-relations.ts';
import { PIPELINE_ID } from '../helpers/pipeline-harness.ts';
import { login, startWebHarness, type Session, type WebHarness } from './web-harness.ts';

const MAILS = [
  'letters/a02-pdf-letter-rosenheim.eml',
  'relations/r01-model-statement-celle.eml',
  'relations/r02-model-statement-heidekreis.eml',
  'relations/r03-endorsement-goslar.eml',
  'relations/r05-correction-rosenheim.eml',
];

describe('review workspace: reply relations', () => {
  let w: WebHarness;
  let s: Session;
  const id = (name: string) => w.messageIds.get(MAILS.find((m) => m.includes(name)) ?? '') ?? '';
  beforeAll(async () => {
    w = await startWebHarness({ mails: MAILS });
    // The workers refresh after each classification; one more run makes sure the last one is in.
    const dir = `pipelines/${PIPELINE_ID}`;
    await refreshReplyRelations(w.t.db, PIPELINE_ID, await loadRespondents(dir), await loadDomainTable(dir));
    s = await login(w.base, 'rita');
  }, 180_000);
  afterAll(async () => w?.close());

  const page = async (path: string) => {
    const res = await fetch(w.base + path, { headers: { cookie: s.cookie } });
    expect(res.status, path).toBe(200);
    return res.text();
  };
  const post = (path: string, form: Record<string, string>) =>
    fetch(w.base + path, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...form, _csrf: s.csrf }),
    });

  it('shows a correction as replacing the earlier reply, on both replies, and lets the reviewer change it', async () => {
    expect(await page(`/replies/${id('r05')}`)).toMatch(
      /Ersetzung zur früheren Antwort von <a[^>]*>Landkreis Rosenheim/,
    );
    const earlier = await page(`/replies/${id('a02')}`);
    expect(earlier).toMatch(/<b>Ersetzt<\/b> durch eine spätere Antwort/);
    // The letterhead is boilerplate, but what it says is shown: office, file number, date, signer.
    expect(earlier).toMatch(/Briefkopf: Landratsamt Rosenheim · Az\. 32-1402\/24 · 16\.09\.2024 · gez\. Kaiser/);
    const res = await post(`/replies/${id('r05')}/version`, {
      origin: '',
      earlier: id('a02'),
      earlierOrigin: '',
      relation: 'addendum',
    });
    expect(res.status).toBe(303);
    expect(await page(`/replies/${id('r05')}`)).toMatch(/Ergänzung zur früheren Antwort[\s\S]*gesetzt von rita/);
  });

  it('shows endorsements and near-identical passages with the counties that sent them', async () => {
    expect(await page(`/replies/${id('r03')}`)).toContain('Schließt sich <b>Niedersächsischer Landkreistag</b> an');
    const celle = await page(`/replies/${id('r01')}`);
    expect(celle).toMatch(/gleichlautend bei\s*<a href="\/replies\/msg_[0-9a-f]+#p-psg_[0-9a-f]+">Heidekreis<\/a>/);
    expect(celle).toContain('Korrektur dieses Abschnitts auf alle übertragen');
  });

  it('prints endorsements in the synopsis and each near-identical statement once with every county', async () => {
    const res = await fetch(`${w.base}/export/synopsis.docx`, { headers: { cookie: s.cookie } });
    const { value: html } = await mammoth.convertToHtml({ buffer: Buffer.from(await res.arrayBuffer()) });
    expect(html).toContain('Landkreis Goslar schließt sich Niedersächsischer Landkreistag an');
    // An item's "Argumente" section quotes one statement per argument as its example (once the debounced arguments
    // job has run, which depends on timing): only the statement tables are counted here.
    const tables = html.replace(/<h2>(?:<a[^>]*><\/a>)?Argumente<\/h2>[\s\S]*?(?=<h[12]|$)/g, '');
    const quotes = tables.match(/zentralen Stelle für die Passersatzbeschaffung/g) ?? [];
    // The synopsis table names the counties of a merged statement above its one quote (statement-table.ts).
    const joint = tables.match(/2 Landkreise, gleichlautend:/g) ?? [];
    // Wherever the model statement is quoted, it is quoted once for both counties.
    expect(quotes.length).toBeGreaterThan(0);
    expect(joint.length).toBeGreaterThanOrEqual(quotes.length);
    expect(html).toContain('Landkreis Celle');
    expect(html).toContain('Heidekreis');
  });
});
