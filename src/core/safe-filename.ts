import sanitize from 'sanitize-filename';

const MAX_NAME_LENGTH = 120;

/**
 * A sender-chosen attachment name reduced to something safe to show. It is display metadata only: bytes are stored
 * by hash, so this name never reaches the file system — but it reaches UIs, exports and logs, so no path parts,
 * control characters, reserved device names or absurd lengths survive.
 */
export function safeFilename(name: string | null | undefined): string | null {
  if (!name) return null;
  let base = (name.split(/[/\\]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '');
  // Shorten first: sanitize-filename cuts at 255 bytes and would drop the extension.
  if (base.length > MAX_NAME_LENGTH) base = shorten(base);
  const clean = sanitize(base, { replacement: '_' }).trim().replace(/^\.+/, '');
  return clean.length > 0 ? clean : null;
}

/** Keeps the extension, so "….pdf" stays recognisable as a PDF to a reviewer. */
function shorten(name: string): string {
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : '';
  return name.slice(0, MAX_NAME_LENGTH - ext.length - 1) + '…' + ext;
}
