import * as Y from "yjs";
import type { Db } from "@/lib/db/client";
import type { NotebookStore } from "@/lib/collab/notebook-store";
import { recordEvent } from "@/lib/events/record-event";
import { EDITOR_FRAGMENT } from "@/lib/protocol/collab";
import { getVersionRowOrThrow } from "./get-version";
import { loadState } from "./name-version";
import { saveVersion } from "./save-version";

/**
 * Restores a version as a new change: the editor content is replaced by the version's, on top
 * of the history (which is kept; the state before is saved as a version too). Returns the
 * change, already stored, for live documents to apply.
 */
export async function restoreVersion(
  db: Db,
  store: NotebookStore,
  input: { notebookId: string; versionId: string; workspaceId: string; actorId: string },
): Promise<{ update: Uint8Array }> {
  const version = await getVersionRowOrThrow(db, input);
  const current = await loadState(store, input.notebookId);
  await saveVersion(db, { notebookId: input.notebookId, kind: "auto", name: "Before restoring a version", state: current, authorId: input.actorId });

  const doc = new Y.Doc();
  const source = new Y.Doc();
  try {
    Y.applyUpdate(doc, current);
    Y.applyUpdate(source, version.state);
    const before = Y.encodeStateVector(doc);
    const target = doc.getXmlFragment(EDITOR_FRAGMENT);
    const content = source
      .getXmlFragment(EDITOR_FRAGMENT)
      .toArray()
      .filter((node): node is Y.XmlElement | Y.XmlText => node instanceof Y.XmlElement || node instanceof Y.XmlText)
      .map((node) => node.clone());
    doc.transact(() => {
      target.delete(0, target.length);
      target.insert(0, content);
    });
    const update = Y.encodeStateAsUpdate(doc, before);
    await store.append(input.notebookId, update);
    await recordEvent(db, {
      workspaceId: input.workspaceId,
      actorId: input.actorId,
      type: "notebook.version_restored",
      subjectType: "notebook",
      subjectId: input.notebookId,
      data: { versionId: input.versionId },
    });
    return { update };
  } finally {
    doc.destroy();
    source.destroy();
  }
}
