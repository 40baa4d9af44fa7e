import * as Y from "yjs";
import { EDITOR_FRAGMENT } from "@/lib/protocol/collab";

/** Appends a paragraph holding `text` to the editor content. */
export function writeParagraph(doc: Y.Doc, text: string): void {
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [new Y.XmlText(text)]);
  const fragment = doc.getXmlFragment(EDITOR_FRAGMENT);
  fragment.insert(fragment.length, [paragraph]);
}

/** The editor content as XML text. */
export const editorContent = (doc: Y.Doc) => doc.getXmlFragment(EDITOR_FRAGMENT).toJSON();

/** How often `token` occurs in the editor content. */
export const occurrences = (doc: Y.Doc, token: string) => editorContent(doc).split(token).length - 1;

/** Polls until `check` holds. */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 5_000, what = "condition"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
