import type { JSONContent } from "@tiptap/core";
import type { Node as PmNode } from "@tiptap/pm/model";
import { decisionStatuses, type DecisionStatus } from "./decision-status";

/** Longest title kept; longer ones are cut (the block is free text, the table is an index). */
export const DECISION_TITLE_MAX = 300;
/** Longest context, decision or rationale kept. */
export const DECISION_TEXT_MAX = 20_000;
/** Most run links kept per decision. */
export const DECISION_RUNS_MAX = 200;

/** One `decision` block of a page, normalized for the decisions table. */
export interface ExtractedDecision {
  decisionId: string;
  /** Index among the page's indexed decisions (0-based, document order). */
  position: number;
  title: string;
  status: DecisionStatus;
  context: string;
  decision: string;
  rationale: string;
  ownerId: string | null;
  /** `YYYY-MM-DD`, a real calendar day. */
  decidedOn: string | null;
  /** Distinct run ids (lower-case UUIDs), in the block's order. */
  runIds: string[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a UUID in canonical text form. */
export const isUuid = (value: unknown): value is string => typeof value === "string" && UUID.test(value);

const text = (value: unknown, max: number): string => (typeof value === "string" ? value.trim().slice(0, max) : "");

const status = (value: unknown): DecisionStatus =>
  typeof value === "string" && (decisionStatuses as readonly string[]).includes(value) ? (value as DecisionStatus) : "proposed";

/** A `YYYY-MM-DD` string naming a real day (2024-02-30 is not one), else null. */
export function normalizeDay(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const match = DAY.exec(value.trim());
  if (!match) return null;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d ? value.trim() : null;
}

function runIds(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const ids = new Set<string>();
  for (const item of value) {
    if (ids.size >= DECISION_RUNS_MAX) break;
    if (isUuid(item)) ids.add(item.toLowerCase());
  }
  return [...ids];
}

function owner(value: unknown): string | null {
  const id = text(value, 200);
  return id === "" ? null : id;
}

function isPmNode(page: JSONContent | PmNode): page is PmNode {
  return typeof (page as Partial<PmNode>).descendants === "function";
}

/**
 * The decisions of a page in document order, as the decisions table stores them. Blocks
 * without a UUID `decisionId` are skipped (nothing stable to key them by); a repeated id keeps
 * its first block (a pasted copy the editor has not renamed yet). Unknown statuses read as
 * `proposed`, impossible dates as none, run links that are not UUIDs are dropped.
 */
export function extractDecisions(page: JSONContent | PmNode): ExtractedDecision[] {
  const attrsList: Record<string, unknown>[] = [];
  if (isPmNode(page)) {
    page.descendants((node) => {
      if (node.type.name === "decision") attrsList.push(node.attrs);
      return !node.isAtom;
    });
  } else {
    const walk = (node: JSONContent) => {
      if (node.type === "decision") return void attrsList.push(node.attrs ?? {});
      for (const child of node.content ?? []) walk(child);
    };
    walk(page);
  }

  const seen = new Set<string>();
  const out: ExtractedDecision[] = [];
  for (const attrs of attrsList) {
    const id = attrs.decisionId;
    if (!isUuid(id)) continue;
    const decisionId = id.toLowerCase();
    if (seen.has(decisionId)) continue;
    seen.add(decisionId);
    out.push({
      decisionId,
      position: out.length,
      title: text(attrs.title, DECISION_TITLE_MAX),
      status: status(attrs.status),
      context: text(attrs.context, DECISION_TEXT_MAX),
      decision: text(attrs.decision, DECISION_TEXT_MAX),
      rationale: text(attrs.rationale, DECISION_TEXT_MAX),
      ownerId: owner(attrs.owner),
      decidedOn: normalizeDay(attrs.date),
      runIds: runIds(attrs.runs),
    });
  }
  return out;
}
