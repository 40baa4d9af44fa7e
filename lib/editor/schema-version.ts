/**
 * The editor schema's version. Bump it whenever a node, mark or attribute is added or changed:
 * an editor with an older schema deletes content it cannot represent from the shared document
 * (yjs/y-prosemirror#39), so the collaboration server refuses older editors and they reload.
 */
export const EDITOR_SCHEMA_VERSION = 2;

/** The Y.XmlFragment of a notebook's Yjs document that holds the editor content. */
export const EDITOR_FRAGMENT = "default";

/** The y-websocket connection parameter that carries {@link EDITOR_SCHEMA_VERSION}, as docs/collab.md names it. */
export const SCHEMA_VERSION_PARAM = "schema";
