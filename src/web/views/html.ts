import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

/** Views are tagged templates: every interpolated string is escaped, so mail content can never become markup. */
export { html, raw };
export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

const BERLIN_DATE = new Intl.DateTimeFormat('de-DE', {
  timeZone: 'Europe/Berlin',
  dateStyle: 'medium',
  timeStyle: 'short',
});

export const formatDate = (d: Date | string | null): string => (d ? BERLIN_DATE.format(new Date(d)) : '–');

/** The calendar day in Berlin, where the deadline is meant: a reply at 23:30 on the 17th is on time. */
export const berlinDay = (d: Date): string => d.toLocaleDateString('sv-SE', { timeZone: 'Europe/Berlin' });

export const isLate = (sent: Date | null, deadline: string): boolean =>
  sent ? berlinDay(new Date(sent)) > deadline : false;

export const percent = (n: number, total: number): string => (total === 0 ? '–' : `${Math.round((100 * n) / total)} %`);

const BERLIN_DAY = new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', dateStyle: 'medium' });
export const formatDay = (d: Date | string | null): string => (d ? BERLIN_DAY.format(new Date(d)) : '–');

/** "2024-09-17" → "17.09.2024". */
export const formatIsoDay = (iso: string): string => iso.split('-').reverse().join('.');

export const STATE_LABEL: Record<string, string> = {
  received: 'empfangen',
  parsed: 'zerlegt',
  extracted: 'Text gelesen',
  classified: 'fertig',
  failed: 'fehlgeschlagen',
};
