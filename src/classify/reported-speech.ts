import { fold } from './normalize.ts';

/**
 * How a passage takes a position when it is not written in the first person: reported speech and minutes ("der
 * Landkreis fordert …, die Regelung sei …", "werde kritisiert", "lehnte … ab"), modal demands ("müsse", "solle"),
 * and the verdict cell of a table row ("| Zustimmung |", "| nein |"). Language, not taxonomy: every pipeline gets
 * the same cue families, as features `rs:<family>`, and the model learns what each says about the stance.
 */
const FAMILIES: readonly (readonly [string, RegExp])[] = [
  [
    'demand',
    /(?<![a-z])(fordert|forderte|fordere|muesse|muessten|muesste|solle|sollten|moege|bittet|bat|appelliert|plaediert|warb dafuer|sprach sich [^.;|]{0,60}fuer|spricht sich [^.;|]{0,60}fuer|regte [^.;|]{0,80} an|regt [^.;|]{0,80} an|anzuregen|empfiehlt|empfahl|es bedarf|bedarf es)(?![a-z])/,
  ],
  [
    'reject',
    /(?<![a-z])(lehnt|lehnte|lehnen)(?![a-z])[^.;|]{0,80}(?<![a-z])ab(?![a-z])|abzulehnen|(wird|werde|wurde|wurden) [^.;|]{0,30}kritisiert|kritisiert(e)?(?![a-z])|sprach sich [^.;|]{0,60}gegen|spricht sich [^.;|]{0,60}gegen|nicht befuerwortet|raten [^.;|]{0,40} ab|entbehrlich|bedauer/,
  ],
  [
    'support',
    /(sei|ist|waere) [^.;|]{0,30}zu begruessen|(wird|werde|wurde) [^.;|]{0,30}(begruesst|unterstuetzt|befuerwortet|mitgetragen|positiv bewertet)|unterstuetze(?![a-z])|befuerworte(?![a-z])|einverstanden|halte [^.;|]{0,40}fuer (sachgerecht|sinnvoll|richtig)|bewertet [^.;|]{0,40}positiv/,
  ],
  [
    'report',
    /(?<![a-z])(berichtete|berichtet|schilderte|erklaerte|teilte [^.;|]{0,40}mit|nach angaben|laut (verwaltung|angaben|protokoll|sitzungs)|(sei|seien|habe|haben) [^.;|]{0,60}(worden|gestiegen|gesunken|gekommen|gescheitert|gegeben))(?![a-z])/,
  ],
  ['subjunctive', /(?<![a-z])(sei|seien|habe|werde|koenne|muesse|solle|gehe|stehe|fehle|liege|reiche)(?![a-z])/],
  ['cell-yes', /\|\s*(ja|zustimmung|einverstanden|begruesst|positiv|befuerwortet)\s*(\||$)/],
  ['cell-no', /\|\s*(nein|ablehnung|abgelehnt|negativ|gering)\s*(\||$)/],
  ['cell-change', /\|\s*(vorschlag|aenderung|ergaenzung|forderung|anregung)\s*(\||$)/],
  ['cell-none', /\|\s*([–—-]|entfaellt|keine)\s*(\||$)/],
];

/** The reported-speech cue families that occur in a passage. */
export function reportedSpeechCues(text: string): string[] {
  const folded = fold(text);
  return FAMILIES.filter(([, re]) => re.test(folded)).map(([name]) => `rs:${name}`);
}
