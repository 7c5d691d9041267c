/**
 * Where the login may send the browser afterwards: a local path only. "//evil.example", "/\evil.example" and
 * absolute URLs would make the login an open redirect; so would a tab or newline, which the WHATWG URL parser strips
 * ("/\t/evil.example" becomes "//evil.example"), and CR/LF cannot go into a Location header at all (the runtime
 * throws). So: a slash, not followed by a slash or backslash, then printable ASCII without spaces or backslashes
 * (a browser sends everything else percent-encoded anyway).
 */
const LOCAL_PATH = /^\/(?![/\\])[\x21-\x5b\x5d-\x7e]*$/;

export const DEFAULT_AFTER_LOGIN = '/inbox';

export const safeNext = (next: string | undefined): string =>
  next && next.length <= 500 && LOCAL_PATH.test(next) ? next : DEFAULT_AFTER_LOGIN;
