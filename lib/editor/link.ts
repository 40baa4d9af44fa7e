import Link from "@tiptap/extension-link";
import { isSafeHref } from "./safe-url";

/**
 * Links whose href passes {@link isSafeHref}. Tiptap consults `isAllowedUri` when parsing
 * HTML (so pasted `<a href="javascript:…">` loses its link), on `setLink`/`toggleLink`, in
 * autolink and paste rules, and when rendering (a href smuggled in through the shared
 * document renders as `href=""`).
 */
export const SafeLink = Link.configure({
  openOnClick: false,
  autolink: true,
  linkOnPaste: true,
  defaultProtocol: "https",
  isAllowedUri: (url) => isSafeHref(url),
  HTMLAttributes: { rel: "noopener noreferrer nofollow", target: "_blank" },
});
