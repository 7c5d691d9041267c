import { FORWARD_MARKER, FORWARD_SUBJECT, MAIL_HEADER_FIELD } from '../core/mail-markers.ts';
import type { MailOrigin } from '../core/types.ts';

/**
 * A forward pasted into the body ("-------- Weitergeleitete Nachricht --------", "Begin forwarded message:", or
 * Outlook's "Von: … Gesendet: … An: … Betreff: …" block in a "WG:" mail) is a message of its own, like an attached
 * one: its header says who really wrote it. Pure.
 */
export interface InlineForward {
  /** Who wrote the forwarded message, from its header block. */
  origin: MailOrigin;
  /** The header block and the forwarded text: anatomy marks the header as a forward header. */
  text: string;
}

export interface SplitBody {
  /** The forwarder's own text above the first forward ('' when the mail is only the forward). */
  own: string;
  forwards: InlineForward[];
}

/** Outlook writes no marker: its header block counts as a forward only when the subject says it is one. */
export function splitInlineForwards(body: string, subject: string | null): SplitBody {
  const lines = body.replace(/\r\n?/g, '\n').split('\n');
  const outlook = FORWARD_SUBJECT.test(subject ?? '');
  const starts: number[] = [];
  lines.forEach((line, i) => {
    const t = stripQuote(line);
    if (FORWARD_MARKER.test(t)) starts.push(i);
    else if (outlook && /^(von|from)\s*:/i.test(t) && headerEnd(lines, i) > i + 1 && !starts.includes(i - 1))
      starts.push(i);
  });
  // Only top-level forwards: a header block right under a marker belongs to that marker.
  const firsts = starts.filter((s, k) => k === 0 || s > headerEnd(lines, starts[k - 1] ?? 0));
  if (firsts.length === 0) return { own: body, forwards: [] };
  const own = lines.slice(0, firsts[0]).join('\n').trim();
  const forwards = firsts.map((start, k) => {
    const end = firsts[k + 1] ?? lines.length;
    const chunk = lines.slice(start, end).map(stripQuote);
    return { origin: readHeader(chunk), text: chunk.join('\n').trim() };
  });
  return { own, forwards };
}

/** Some clients quote a forward with "> ": the header and text are the same under the quote marks. */
const stripQuote = (line: string): string => line.replace(/^(>\s?)+/, '').trim();

/** The index after the header fields that start at `from` (a marker line, then "Field: value" lines). */
function headerEnd(lines: readonly string[], from: number): number {
  let i = from;
  if (FORWARD_MARKER.test(stripQuote(lines[i] ?? ''))) i += 1;
  while (i < lines.length && stripQuote(lines[i] ?? '') === '' && i < from + 3) i += 1;
  let fields = 0;
  while (i < lines.length && MAIL_HEADER_FIELD.test(stripQuote(lines[i] ?? ''))) {
    fields += 1;
    i += 1;
  }
  return fields >= 2 ? i : from;
}

function readHeader(chunk: readonly string[]): MailOrigin {
  const field = (names: RegExp): string | null => {
    for (const line of chunk.slice(0, 12)) {
      const m = /^([^:]{2,20}):\s*(.*)$/.exec(line);
      if (m?.[1] && names.test(m[1].trim())) return m[2]?.trim() || null;
    }
    return null;
  };
  const from = parseAddress(field(/^(von|from)$/i));
  return {
    messageId: null,
    from: from.address,
    fromName: from.name,
    subject: field(/^(betreff|subject)$/i),
    date: parseHeaderDate(field(/^(datum|date|gesendet|sent)$/i)),
  };
}

/** "Jens Lührs <jens.luehrs@landkreis-cuxhaven.de>", "Weber, Martina [mailto:m.weber@…]", or a bare address. */
export function parseAddress(value: string | null): { name: string | null; address: string | null } {
  if (!value) return { name: null, address: null };
  const bracket = /^(.*?)\s*[<[](?:mailto:)?([^>\]\s]+@[^>\]\s]+)[>\]]/i.exec(value);
  if (bracket)
    return { name: bracket[1]?.replace(/^"|"$/g, '').trim() || null, address: bracket[2]?.toLowerCase() ?? null };
  const bare = /([^\s<>"]+@[^\s<>"]+\.[a-z]{2,})/i.exec(value);
  return bare?.[1] ? { name: null, address: bare[1].toLowerCase() } : { name: value.trim() || null, address: null };
}

const MONTHS: Record<string, number> = {
  januar: 1,
  februar: 2,
  märz: 3,
  april: 4,
  mai: 5,
  juni: 6,
  juli: 7,
  august: 8,
  september: 9,
  oktober: 10,
  november: 11,
  dezember: 12,
};

/** RFC 2822 dates parse natively; German Outlook writes "Montag, 16. September 2024 14:03" (local time, Berlin). */
export function parseHeaderDate(value: string | null): string | null {
  if (!value) return null;
  const german = /(\d{1,2})\.\s*([a-zäöü]+|\d{1,2}\.)\s*(\d{4})(?:\s+(?:um\s+)?(\d{1,2}):(\d{2}))?/i.exec(value);
  if (german) {
    const [, d, mon = '', y, hh = '12', mm = '00'] = german;
    const month = /^\d/.test(mon) ? Number(mon.replace('.', '')) : MONTHS[mon.toLowerCase()];
    if (month) {
      // Central European time: UTC+2 in summer is the consultation's season; the hour matters less than the day.
      const iso = `${y}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}T${hh.padStart(2, '0')}:${mm}:00+02:00`;
      const date = new Date(iso);
      if (!Number.isNaN(date.getTime())) return date.toISOString();
    }
  }
  const native = new Date(value);
  return Number.isNaN(native.getTime()) ? null : native.toISOString();
}
