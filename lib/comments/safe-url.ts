const ALLOWED_SCHEMES = new Set(["http", "https", "mailto", "user"]);

/**
 * The href a comment's markdown may link to, or "" to drop it: http, https and mailto links,
 * mention links (`user:<id>`), and paths on this instance. Browsers ignore tabs, newlines and
 * control characters inside a scheme, so those are stripped before it is read.
 */
export function safeCommentUrl(url: string): string {
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  const compact = url.replace(/[\u0000-\u0020\u007f]/g, "");
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(compact)?.[1];
  if (scheme !== undefined) return ALLOWED_SCHEMES.has(scheme.toLowerCase()) ? url.trim() : "";
  // "//host" and "/\host" leave this origin without a scheme.
  if (/^[/\\]{2}/.test(compact)) return "";
  return url.trim();
}
