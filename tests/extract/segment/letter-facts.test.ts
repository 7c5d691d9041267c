import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { passagesOfMail } from '../../../scripts/anatomy-figures.ts';
import { letterFacts } from '../../../src/extract/segment/letter-facts.ts';

describe('letter facts', () => {
  it('reads Aktenzeichen, reference, date, office, signer and subject back from the marked letter parts', async () => {
    const mail = await passagesOfMail(await readFile('fixtures/letters/a01-pdf-letter-dithmarschen.eml'));
    const letter = mail.documents.find((d) => d.path === 'att1');
    expect(letterFacts(letter?.passages ?? [])).toEqual({
      fileNumber: '32.4-102/2024',
      theirReference: 'II/32-2024',
      date: '11.09.2024',
      office: 'Kreis Dithmarschen',
      signer: 'Huber',
      subject: 'Notwendige Rechtsänderungen zur Verbesserung der Rückführung',
    });
  });
});
