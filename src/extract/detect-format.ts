import { fileTypeFromBuffer } from 'file-type';

/** What the bytes are, whatever the sender called them (docs/reliability.md #24). */
export type DetectedFormat =
  | {
      kind: 'pdf' | 'docx' | 'odt' | 'rtf' | 'wordml' | 'html' | 'text' | 'zip' | 'ole' | 'tnef' | 'image' | 'rfc822';
    }
  | { kind: 'other'; mime: string };

/** Word 2003 XML ("WordprocessingML"): an XML file LibreOffice reads; file-type calls it application/xml. */
const WORD_2003_XML = /^\s*(<\?xml[^>]*>\s*)?(<\?mso-application\s+progid="Word\.Document"\?>|<w:wordDocument\b)/;

const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const TNEF = [0x78, 0x9f, 0x3e, 0x22];

export async function detectFormat(bytes: Uint8Array): Promise<DetectedFormat> {
  if (startsWith(bytes, OLE)) return { kind: 'ole' };
  if (startsWith(bytes, TNEF)) return { kind: 'tnef' };
  if (hasPdfHeader(bytes)) return { kind: 'pdf' };
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  if (head.startsWith('{\\rtf')) return { kind: 'rtf' };
  if (WORD_2003_XML.test(head)) return { kind: 'wordml' };
  const type = await fileTypeFromBuffer(bytes);
  if (type) return fromFileType(type.mime);
  return looksLikeText(bytes) ? textKind(bytes) : { kind: 'other', mime: 'application/octet-stream' };
}

/** A PDF header within the first KB, where readers (pdf.js, poppler) look for it too. */
export function hasPdfHeader(bytes: Uint8Array): boolean {
  if (startsWith(bytes, OLE) || startsWith(bytes, TNEF)) return false;
  return Buffer.from(bytes.subarray(0, 1024)).toString('latin1').includes('%PDF-');
}

function fromFileType(mime: string): DetectedFormat {
  if (mime === 'application/pdf') return { kind: 'pdf' };
  // A macro-enabled document (.docm) is a DOCX package with a macro part beside; its text is read the same way
  // (the macros never run: nothing here executes document content). Class 7.
  if (
    mime === 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' ||
    mime === 'application/vnd.ms-word.document.macroenabled.12' ||
    mime === 'application/vnd.openxmlformats-officedocument.wordprocessingml.template' ||
    mime === 'application/vnd.ms-word.template.macroenabled.12'
  )
    return { kind: 'docx' };
  if (mime === 'application/vnd.oasis.opendocument.text') return { kind: 'odt' };
  if (mime === 'application/zip') return { kind: 'zip' };
  if (mime === 'application/rtf') return { kind: 'rtf' };
  if (mime === 'message/rfc822') return { kind: 'rfc822' };
  if (mime.startsWith('image/')) return { kind: 'image' };
  return { kind: 'other', mime };
}

function textKind(bytes: Uint8Array): DetectedFormat {
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1').trimStart().toLowerCase();
  if (/^(<!doctype html|<html|<head|<body|<meta|<div|<p[\s>]|<table)/.test(head)) return { kind: 'html' };
  return { kind: 'text' };
}

/** Text has no NUL bytes and few control characters in its first 8 KB. */
function looksLikeText(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 8192);
  let control = 0;
  for (const b of sample) {
    if (b === 0) return false;
    if (b < 9 || (b > 13 && b < 32)) control++;
  }
  return control <= sample.length * 0.01;
}

const startsWith = (bytes: Uint8Array, magic: readonly number[]): boolean => magic.every((b, i) => bytes[i] === b);
