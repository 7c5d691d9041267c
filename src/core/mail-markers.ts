/**
 * How mail clients mark a forwarded or quoted message inside a body. Shared by mail parsing (which splits inline
 * forwards off as messages of their own) and letter anatomy (which marks their headers as boilerplate).
 */

/** Header fields of a forwarded or quoted message, one per line: "Von: …", "Gesendet: …", "Subject: …". */
export const MAIL_HEADER_FIELD =
  /^(von|from|gesendet|sent|an|to|cc|bcc|datum|date|betreff|subject|antwort an|reply-to|kopie)\s*:\s*/i;

/** Forward markers of Thunderbird, Outlook, Apple Mail and Gmail, German and English. */
export const FORWARD_MARKER =
  /^(-{2,}\s*(weitergeleitete nachricht|forwarded message|original-?nachricht weitergeleitet)\s*-{2,}|begin forwarded message:?|anfang der weitergeleiteten (nachricht|e-?mail):?|-{2,}\s*weitergeleitet von .{1,80}-{2,})/i;

/** Markers of a quoted original below a reply: "-----Ursprüngliche Nachricht-----", "Am … schrieb …:". */
export const QUOTE_MARKER: readonly RegExp[] = [
  /^-{2,}\s*(ursprüngliche nachricht|original message|original-nachricht)\s*-{0,}$/i,
  /^am .{3,80}(schrieb|wrote)\b.{0,160}:?$/i,
  /^on .{3,80}wrote:?$/i,
];

/** A subject that says the mail passes another on: "WG:", "Fwd:", "FW:", "Weitergeleitet:". */
export const FORWARD_SUBJECT = /^\s*(wg|fw|fwd|weitergeleitet|tr)\s*:/i;
