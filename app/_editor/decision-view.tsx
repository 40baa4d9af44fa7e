"use client";

import { NodeViewWrapper, type NodeViewProps } from "@tiptap/react";
import { ActivityIcon, PlusIcon, ScaleIcon, SearchIcon, XIcon } from "lucide-react";
import Link from "next/link";
import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { useBlockRuns, useNotebookProject } from "@/app/_blocks/use-block-runs";
import { useMembers } from "@/app/_comments/use-members";
import { DecisionStatusBadge } from "@/app/_decisions/decision-status-badge";
import { Spinner } from "@/app/_components/spinner";
import { Button } from "@/app/_components/ui/button";
import { Input } from "@/app/_components/ui/input";
import { Label } from "@/app/_components/ui/label";
import { Popover, PopoverContent, PopoverTrigger } from "@/app/_components/ui/popover";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/app/_components/ui/select";
import { Textarea } from "@/app/_components/ui/textarea";
import { api, errorMessage } from "@/app/_lib/api";
import { cn } from "@/app/_lib/cn";
import { runHref, type RunsPage, type RunSummary } from "@/app/_lib/runs";
import { decisionStatuses, type DecisionStatus } from "@/lib/decisions/decision-status";
import { DECISION_DEFAULTS, type DecisionAttrs } from "@/lib/editor/blocks";
import { newDecisionId } from "@/lib/editor/decision-ids";

/** Attributes of a new `decision` block: the defaults with a fresh id (insert it with these). */
export function newDecisionAttrs(): DecisionAttrs {
  return { ...DECISION_DEFAULTS, decisionId: newDecisionId() };
}

/** A block's attributes with the defaults filled in and wrong types read as empty. */
export function decisionAttrs(attrs: Record<string, unknown>): DecisionAttrs {
  const text = (v: unknown) => (typeof v === "string" ? v : "");
  const status = decisionStatuses.find((s) => s === attrs.status) ?? "proposed";
  return {
    decisionId: typeof attrs.decisionId === "string" ? attrs.decisionId : null,
    title: text(attrs.title),
    status,
    context: text(attrs.context),
    decision: text(attrs.decision),
    rationale: text(attrs.rationale),
    owner: typeof attrs.owner === "string" && attrs.owner !== "" ? attrs.owner : null,
    date: typeof attrs.date === "string" && /^\d{4}-\d{2}-\d{2}$/.test(attrs.date) ? attrs.date : null,
    runs: Array.isArray(attrs.runs) ? attrs.runs.filter((r): r is string => typeof r === "string") : [],
  };
}

const NO_OWNER = "none";
const COMMIT_AFTER_MS = 400;

/**
 * A text field over a block attribute: typing edits a local draft, written to the document
 * after a pause and on blur (one change per pause, not per key); a remote change shows when
 * the field is not being edited.
 */
function DraftField({
  label,
  value,
  onCommit,
  multiline,
  placeholder,
  className,
}: {
  label: string;
  value: string;
  onCommit: (value: string) => void;
  multiline?: boolean;
  placeholder?: string;
  className?: string;
}) {
  const id = useId();
  const [draft, setDraft] = useState(value);
  const editing = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const latest = useRef({ draft, value, onCommit });
  latest.current = { draft, value, onCommit };

  useEffect(() => {
    if (!editing.current) setDraft(value);
  }, [value]);
  const flush = () => {
    clearTimeout(timer.current);
    timer.current = undefined;
    const { draft: d, value: v, onCommit: commit } = latest.current;
    if (d !== v) commit(d);
  };
  // The last draft is written when the view goes away.
  useEffect(() => () => flush(), []);
  const change = (next: string) => {
    setDraft(next);
    latest.current.draft = next;
    clearTimeout(timer.current);
    timer.current = setTimeout(flush, COMMIT_AFTER_MS);
  };
  const props = {
    id,
    value: draft,
    placeholder,
    onFocus: () => (editing.current = true),
    onBlur: () => {
      editing.current = false;
      flush();
    },
    onChange: (event: { target: { value: string } }) => change(event.target.value),
  };
  return (
    <div className={cn("space-y-1", className)}>
      <Label htmlFor={id} className="text-xs text-muted-foreground">
        {label}
      </Label>
      {multiline ? <Textarea {...props} rows={2} className="min-h-12 resize-y" /> : <Input {...props} />}
    </div>
  );
}

/** Searches the project's runs by name, newest first, and offers them to link. */
function RunPicker({ linked, onPick }: { linked: readonly string[]; onPick: (run: RunSummary) => void }) {
  const { workspace, project } = useNotebookProject();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState("");
  const [state, setState] = useState<{ runs: RunSummary[] | null; error: string | null }>({ runs: null, error: null });

  useEffect(() => {
    if (!open) return;
    let current = true;
    const timer = setTimeout(() => {
      const query = new URLSearchParams({ sort: "-created", limit: "10" });
      const words = text.trim().replace(/"/g, "");
      if (words) query.set("filter", `"${words}"`);
      api<RunsPage>(`/projects/${encodeURIComponent(workspace)}/${encodeURIComponent(project)}/runs?${query}`).then(
        (page) => current && setState({ runs: page.runs, error: null }),
        (error: unknown) => current && setState({ runs: null, error: errorMessage(error) }),
      );
    }, 200);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [open, text, workspace, project]);

  const offered = (state.runs ?? []).filter((r) => !linked.includes(r.id));
  return (
    <Popover open={open} onOpenChange={setOpen}>
      <PopoverTrigger asChild>
        <Button variant="outline" size="sm" className="h-7 px-2 text-xs">
          <PlusIcon className="size-3.5" />
          Link run
        </Button>
      </PopoverTrigger>
      <PopoverContent align="start" className="w-80 p-2">
        <div className="relative">
          <SearchIcon className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground" />
          <Input
            autoFocus
            type="search"
            aria-label="Search runs"
            placeholder="Search runs"
            value={text}
            onChange={(event) => setText(event.target.value)}
            onKeyDown={(event) => {
              const first = offered[0];
              if (event.key === "Enter" && first) {
                event.preventDefault();
                onPick(first);
                setOpen(false);
              }
            }}
            className="pl-8"
          />
        </div>
        <div className="mt-2 max-h-64 overflow-y-auto">
          {state.error ? (
            <p role="alert" className="px-2 py-3 text-sm text-destructive">
              {state.error}
            </p>
          ) : state.runs === null ? (
            <div className="flex justify-center py-3" aria-busy>
              <Spinner className="size-4 text-muted-foreground" />
            </div>
          ) : offered.length === 0 ? (
            <p className="px-2 py-3 text-sm text-muted-foreground">{text ? "No run matches." : "No other runs in this project."}</p>
          ) : (
            <ul aria-label="Runs to link">
              {offered.map((run) => (
                <li key={run.id}>
                  <button
                    type="button"
                    className="flex w-full items-center gap-2 rounded px-2 py-1.5 text-left text-sm hover:bg-muted focus-visible:bg-muted focus-visible:outline-none"
                    onClick={() => {
                      onPick(run);
                      setOpen(false);
                    }}
                  >
                    <ActivityIcon className="size-3.5 shrink-0 text-muted-foreground" />
                    <span className="truncate">{run.name}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      </PopoverContent>
    </Popover>
  );
}

/** The linked runs as links to their pages; editors may unlink. */
function LinkedRuns({ ids, onUnlink }: { ids: readonly string[]; onUnlink?: (id: string) => void }) {
  const { workspace, project } = useNotebookProject();
  const { runs, error } = useBlockRuns({ runs: ids, filter: "", enabled: ids.length > 0 });
  if (ids.length === 0) return <span className="text-xs text-muted-foreground">No linked runs.</span>;
  const byId = new Map((runs ?? []).map((r) => [r.id, r]));
  return (
    <ul aria-label="Linked runs" className="flex flex-wrap gap-1.5">
      {ids.map((id) => {
        const run = byId.get(id);
        const missing = runs !== null && !run;
        return (
          <li key={id} className="inline-flex items-center gap-0.5 rounded-md border text-xs">
            {missing ? (
              <span className="px-1.5 py-0.5 font-mono text-muted-foreground line-through" title="This run was deleted, or is not in this project">
                {id.slice(0, 8)}
              </span>
            ) : (
              <Link href={runHref(`${workspace}/${project}`, id)} className="inline-flex items-center gap-1 px-1.5 py-0.5 font-mono hover:underline" data-testid="decision-run-link">
                <ActivityIcon className="size-3" aria-hidden />
                {run ? run.name : error ? id.slice(0, 8) : "…"}
              </Link>
            )}
            {onUnlink ? (
              <button type="button" aria-label={`Unlink ${run?.name ?? id}`} className="rounded p-0.5 text-muted-foreground hover:text-foreground" onClick={() => onUnlink(id)}>
                <XIcon className="size-3" />
              </button>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

function ReadOnlyText({ label, value }: { label: string; value: string }) {
  if (!value) return null;
  return (
    <div className="space-y-0.5">
      <h4 className="text-xs font-medium text-muted-foreground">{label}</h4>
      <p className="text-sm whitespace-pre-line">{value}</p>
    </div>
  );
}

/**
 * A `decision` block: title, status, context, decision, rationale, owner, date and linked
 * runs. Editors change them in place (each a block attribute in the shared document); viewers
 * read them. Keys typed in its fields stay in the fields: Tiptap node views stop events from
 * inputs, textareas and buttons reaching ProseMirror, and the wrapper keeps them from the page.
 */
export function DecisionView({ node, updateAttributes, editor, selected }: NodeViewProps) {
  const attrs = decisionAttrs(node.attrs);
  const editable = editor.isEditable;
  const { workspace } = useNotebookProject();
  const { members, loading: membersLoading } = useMembers(workspace, true);
  const update = (next: Partial<DecisionAttrs>) => updateAttributes(next);
  const ownerName = attrs.owner ? (members.find((m) => m.userId === attrs.owner)?.name ?? (membersLoading ? "…" : "a former member")) : null;
  // A link to the block (`#decision-<id>`) arrives before the page has synced: scroll once it renders.
  const targeted = attrs.decisionId !== null && typeof window !== "undefined" && window.location.hash === `#decision-${attrs.decisionId}`;
  useEffect(() => {
    if (targeted && attrs.decisionId) document.getElementById(`decision-${attrs.decisionId}`)?.scrollIntoView({ block: "center" });
  }, [targeted, attrs.decisionId]);
  const stopKeys = (event: KeyboardEvent) => {
    const target = event.target as HTMLElement;
    if (target.closest("input, textarea, select, button, [role=combobox]")) event.stopPropagation();
  };

  return (
    <NodeViewWrapper
      id={attrs.decisionId ? `decision-${attrs.decisionId}` : undefined}
      data-testid="decision-block"
      data-decision-id={attrs.decisionId ?? ""}
      className={cn("notebook-block my-4 scroll-mt-24 rounded-xl border bg-card", (selected || targeted) && "ring-2 ring-ring/60")}
      contentEditable={false}
      onKeyDown={stopKeys}
    >
      <header className="flex items-center gap-2 border-b px-3 py-2" data-drag-handle>
        <ScaleIcon className="size-4 text-muted-foreground" aria-hidden />
        <span className="text-xs font-medium tracking-wide text-muted-foreground uppercase">Decision</span>
        <span className="flex-1" />
        {editable ? (
          <Select value={attrs.status} onValueChange={(status) => update({ status: status as DecisionStatus })}>
            <SelectTrigger size="sm" aria-label="Status" className="h-7 text-xs capitalize">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              {decisionStatuses.map((status) => (
                <SelectItem key={status} value={status} className="capitalize">
                  {status}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        ) : (
          <DecisionStatusBadge status={attrs.status} />
        )}
      </header>
      {editable ? (
        <div className="space-y-3 p-3">
          <DraftField label="Title" value={attrs.title} placeholder="What was decided, in a few words" onCommit={(title) => update({ title })} />
          <div className="grid gap-3 sm:grid-cols-3">
            <DraftField label="Context" multiline value={attrs.context} placeholder="What prompted it" onCommit={(context) => update({ context })} />
            <DraftField label="Decision" multiline value={attrs.decision} placeholder="What we will do" onCommit={(decision) => update({ decision })} />
            <DraftField label="Rationale" multiline value={attrs.rationale} placeholder="Why, with evidence" onCommit={(rationale) => update({ rationale })} />
          </div>
          <div className="flex flex-wrap items-end gap-3">
            <div className="space-y-1">
              <Label className="text-xs text-muted-foreground">Owner</Label>
              <Select value={attrs.owner ?? NO_OWNER} onValueChange={(owner) => update({ owner: owner === NO_OWNER ? null : owner })}>
                <SelectTrigger size="sm" aria-label="Owner" className="min-w-40">
                  <SelectValue placeholder="No owner" />
                </SelectTrigger>
                <SelectContent>
                  <SelectItem value={NO_OWNER}>No owner</SelectItem>
                  {attrs.owner && !members.some((m) => m.userId === attrs.owner) ? <SelectItem value={attrs.owner}>{ownerName}</SelectItem> : null}
                  {members.map((m) => (
                    <SelectItem key={m.userId} value={m.userId}>
                      {m.name}
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
            </div>
            <div className="space-y-1">
              <Label className="text-xs text-muted-foreground" htmlFor={`decision-date-${attrs.decisionId ?? ""}`}>
                Date
              </Label>
              <Input
                id={`decision-date-${attrs.decisionId ?? ""}`}
                type="date"
                className="h-8 w-40"
                value={attrs.date ?? ""}
                onChange={(event) => update({ date: /^\d{4}-\d{2}-\d{2}$/.test(event.target.value) ? event.target.value : null })}
              />
            </div>
          </div>
          <div className="space-y-1.5">
            <div className="flex items-center gap-2">
              <span className="text-xs font-medium text-muted-foreground">Linked runs</span>
              <RunPicker linked={attrs.runs} onPick={(run) => update({ runs: [...attrs.runs.filter((id) => id !== run.id), run.id] })} />
            </div>
            <LinkedRuns ids={attrs.runs} onUnlink={(id) => update({ runs: attrs.runs.filter((r) => r !== id) })} />
          </div>
        </div>
      ) : (
        <div className="space-y-3 p-3">
          <h3 className="text-base font-semibold">{attrs.title || <span className="text-muted-foreground">Untitled decision</span>}</h3>
          <div className="grid gap-3 sm:grid-cols-3">
            <ReadOnlyText label="Context" value={attrs.context} />
            <ReadOnlyText label="Decision" value={attrs.decision} />
            <ReadOnlyText label="Rationale" value={attrs.rationale} />
          </div>
          <p className="text-xs text-muted-foreground">
            {ownerName ? `Owner: ${ownerName}` : "No owner"}
            {attrs.date ? ` · ${attrs.date}` : ""}
          </p>
          <LinkedRuns ids={attrs.runs} />
        </div>
      )}
    </NodeViewWrapper>
  );
}
