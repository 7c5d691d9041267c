/**
 * Headers for handing a sender's file to the browser: always a download (never displayed inline, so an HTML or SVG
 * attachment cannot run in our origin), a content type from the detected format (never the sender's declared one),
 * and a file name reduced to safe characters plus its RFC 5987 UTF-8 form.
 */
const SAFE_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  text: 'text/plain; charset=utf-8',
};

export function attachmentHeaders(doc: {
  filename: string | null;
  format: string | null;
  kind: string;
}): Record<string, string> {
  const fallback =
    doc.kind === 'body' ? (doc.format === 'html' ? 'nachricht.html.txt' : 'nachricht.txt') : 'anhang.bin';
  const name = (doc.filename ?? fallback).replace(/[\u0000-\u001f\u007f"\\/]/g, '_').slice(0, 150);
  const ascii = name.normalize('NFKD').replace(/[^\x20-\x7e]/g, '_');
  return {
    'Content-Type': SAFE_TYPES[doc.format ?? ''] ?? 'application/octet-stream',
    'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Cache-Control': 'private, no-store',
  };
}
