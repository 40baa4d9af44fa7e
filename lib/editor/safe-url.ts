/** URL schemes a link may use; everything else (`javascript:`, `data:`, `vbscript:`, `file:`…) is refused. */
export const LINK_SCHEMES = ["http", "https", "mailto", "tel"] as const;

/** Where images may come from: uploads served by this server, or the web over http(s). */
export const IMAGE_PATH_PREFIX = "/api/v1/images/";

// Browsers drop ASCII tab/newline anywhere in a URL and C0 controls/space at its ends, so
// "java\tscript:" and "\u0001javascript:" still run script. Strip them all before judging.
// eslint-disable-next-line no-control-regex
const IGNORED_BY_BROWSERS = /[\u0000-\u0020\u007f-\u009f\u00a0\u1680\u180e\u2000-\u200f\u2028\u2029\u202f\u205f\u3000\ufeff]/g;
const SCHEME = /^([a-z][a-z0-9+.-]*):/i;

/**
 * The href a link may carry, or null when it is unsafe. Relative references (`/x`, `#x`, `x`)
 * are kept; an absolute URL must use one of {@link LINK_SCHEMES}. Backslashes count as slashes,
 * as browsers treat them.
 */
export function sanitizeHref(raw: unknown): string | null {
  if (typeof raw !== "string") return null;
  const href = raw.trim();
  if (href === "" || href.length > 2048) return null;
  const judged = href.replace(IGNORED_BY_BROWSERS, "");
  if (judged === "") return null;
  const scheme = SCHEME.exec(judged)?.[1]?.toLowerCase();
  if (scheme !== undefined) return (LINK_SCHEMES as readonly string[]).includes(scheme) ? href : null;
  // No scheme before the first ":" means the browser treats it as a path, unless an entity or
  // escaped form hides one; a ":" before any "/", "?" or "#" that did not parse as a scheme is
  // something odd (e.g. "1javascript:"), so refuse it rather than guess.
  const firstColon = judged.indexOf(":");
  const firstDelimiter = judged.search(/[/?#\\]/);
  if (firstColon !== -1 && (firstDelimiter === -1 || firstColon < firstDelimiter)) return null;
  return href;
}

/** Whether a link may point at `raw` (see {@link sanitizeHref}). */
export function isSafeHref(raw: unknown): boolean {
  return sanitizeHref(raw) !== null;
}

/** The src an image may carry: an upload of this server or an http(s) URL; never `data:` or script. */
export function sanitizeImageSrc(raw: unknown): string | null {
  const src = sanitizeHref(raw);
  if (src === null) return null;
  if (src.startsWith(IMAGE_PATH_PREFIX)) return src;
  const scheme = SCHEME.exec(src.replace(IGNORED_BY_BROWSERS, ""))?.[1]?.toLowerCase();
  return scheme === "http" || scheme === "https" ? src : null;
}
