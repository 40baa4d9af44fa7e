import CodeBlockLowlight from "@tiptap/extension-code-block-lowlight";
import { common, createLowlight } from "lowlight";

/** highlight.js grammars for the common languages (~35), shared by every editor on the page. */
export const lowlight = createLowlight(common);

/** The languages a code block offers, by highlight.js name. */
export const codeLanguages: readonly string[] = lowlight.listLanguages().sort();

/** Fenced code blocks (```` ```python ````) with syntax highlighting; `language` is an attribute. */
export const CodeBlock = CodeBlockLowlight.configure({ lowlight, defaultLanguage: null, enableTabIndentation: true });
