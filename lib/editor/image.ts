import Image from "@tiptap/extension-image";
import { sanitizeImageSrc } from "./safe-url";

/**
 * A block image. `src` is an upload of this server (`/api/v1/images/<id>`) or an http(s) URL;
 * anything else (`data:`, `javascript:`) is refused when parsing and blanked when rendering.
 */
export const SafeImage = Image.extend({
  parseHTML() {
    return [{ tag: "img[src]", getAttrs: (element) => (sanitizeImageSrc(element.getAttribute("src")) === null ? false : null) }];
  },
  addAttributes() {
    return {
      ...this.parent?.(),
      src: {
        default: null,
        parseHTML: (element) => sanitizeImageSrc(element.getAttribute("src")),
        renderHTML: (attributes) => ({ src: sanitizeImageSrc(attributes.src) ?? "" }),
      },
    };
  },
}).configure({ inline: false, allowBase64: false, HTMLAttributes: { loading: "lazy" } });
