/**
 * Caret colours: six-digit hex (y-tiptap rejects other formats), readable behind white label
 * text, and far enough apart in hue that two people on a page rarely look alike.
 */
const CARET_COLORS = ["#2563eb", "#d9480f", "#0f9d58", "#c2255c", "#7048e8", "#0b7285", "#b7791f", "#e03131", "#5f3dc4", "#2b8a3e", "#1864ab", "#a61e4d"] as const;

/** The caret and avatar colour of a user, the same on every screen. */
export function colorForUser(userId: string): string {
  let hash = 2166136261;
  for (let i = 0; i < userId.length; i++) hash = Math.imul(hash ^ userId.charCodeAt(i), 16777619) >>> 0;
  return CARET_COLORS[hash % CARET_COLORS.length] ?? CARET_COLORS[0];
}
