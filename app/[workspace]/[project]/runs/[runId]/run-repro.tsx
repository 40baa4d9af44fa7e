import type { ReactNode } from "react";
import { CopyButton } from "@/app/_components/copy-button";
import { KeyValueTable } from "@/app/_components/key-value-table";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/app/_components/ui/table";
import { formatBytes } from "@/app/_lib/format";
import { commandLine, type ReproView } from "@/app/_lib/repro";

function NotRecorded() {
  return <span className="text-muted-foreground italic">not recorded</span>;
}

/** Label/value rows; a missing value reads "not recorded". */
function Facts({ rows }: { rows: ReadonlyArray<[string, ReactNode | undefined]> }) {
  return (
    <dl className="grid grid-cols-[8rem_minmax(0,1fr)] gap-x-4 gap-y-2 text-sm">
      {rows.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="text-muted-foreground">{label}</dt>
          <dd className="min-w-0 break-words">{value ?? <NotRecorded />}</dd>
        </div>
      ))}
    </dl>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="space-y-3 rounded-xl border bg-card p-5" aria-label={title}>
      <h2 className="text-sm font-semibold">{title}</h2>
      {children}
    </section>
  );
}

function Mono({ children, copy }: { children: string; copy?: boolean }) {
  return (
    <span className="inline-flex max-w-full items-center gap-1.5">
      <code className="truncate font-mono text-xs" title={children}>
        {children}
      </code>
      {copy ? <CopyButton value={children} label="Copy" variant="ghost" size="icon-sm" className="size-6 shrink-0" /> : null}
    </span>
  );
}

/** Everything a run recorded to be reproduced: code, command, environment, data, packages and the uncommitted diff. */
export function RunRepro({ repro }: { repro: ReproView }) {
  const { git, runtime, hardware } = repro;
  const packages = Object.entries(repro.packages ?? {}).sort(([a], [b]) => a.localeCompare(b));
  const gpus = hardware?.gpus?.map((g) => (g.memoryBytes ? `${g.name} (${formatBytes(g.memoryBytes)})` : g.name)).join(", ");
  const runtimeText = runtime && (runtime.name || runtime.version) ? [runtime.name, runtime.version].filter(Boolean).join(" ") : undefined;

  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <Section title="Code">
        <Facts
          rows={[
            ["Commit", git?.commit ? <Mono copy>{git.commit}</Mono> : undefined],
            ["Branch", git?.branch ? <Mono>{git.branch}</Mono> : undefined],
            ["Remote", git?.remote ? <Mono>{git.remote}</Mono> : undefined],
            [
              "Working tree",
              git?.dirty === undefined ? undefined : git.dirty ? (
                <span className="inline-flex items-center rounded-md border border-warning/50 bg-warning/15 px-1.5 py-0.5 text-xs font-medium">
                  dirty: uncommitted changes
                </span>
              ) : (
                "clean"
              ),
            ],
          ]}
        />
      </Section>
      <Section title="Command">
        <Facts
          rows={[
            ["Command", repro.command ? <Mono copy>{commandLine(repro.command)}</Mono> : undefined],
            ["Directory", repro.cwd ? <Mono>{repro.cwd}</Mono> : undefined],
            ["Host", repro.host],
            ["Seed", repro.seed === undefined ? undefined : <Mono>{String(repro.seed)}</Mono>],
          ]}
        />
      </Section>
      <Section title="Environment">
        <Facts
          rows={[
            ["Runtime", runtimeText],
            ["Platform", runtime?.platform],
            ["CPU", hardware?.cpu || hardware?.cpus ? [hardware.cpu, hardware.cpus ? `${hardware.cpus} cores` : undefined].filter(Boolean).join(", ") : undefined],
            ["Memory", hardware?.memoryBytes ? formatBytes(hardware.memoryBytes) : undefined],
            ["GPUs", gpus || undefined],
          ]}
        />
      </Section>
      <Section title="Data">
        {repro.data && repro.data.length > 0 ? (
          <Table aria-label="Data fingerprints" className="table-fixed">
            <TableHeader>
              <TableRow className="hover:bg-transparent">
                <TableHead className="pl-0">Name</TableHead>
                <TableHead>Fingerprint</TableHead>
                <TableHead className="pr-0">Location</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {repro.data.map((d) => (
                <TableRow key={`${d.name}:${d.fingerprint}`}>
                  <TableCell className="truncate pl-0">{d.name}</TableCell>
                  <TableCell className="truncate font-mono text-xs" title={d.fingerprint}>
                    {d.fingerprint}
                  </TableCell>
                  <TableCell className="truncate pr-0 font-mono text-xs" title={d.uri}>
                    {d.uri ?? "—"}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        ) : (
          <p className="text-sm">
            <NotRecorded />
          </p>
        )}
      </Section>
      <div className="lg:col-span-2">
        <Section title="Packages">
          {packages.length > 0 ? (
            <KeyValueTable rows={packages} keyLabel="Package" valueLabel="Version" noun="packages" scroll />
          ) : (
            <p className="text-sm">
              <NotRecorded />
            </p>
          )}
        </Section>
      </div>
      <div className="lg:col-span-2">
        <Section title="Uncommitted diff">
          {git?.diff ? (
            <pre className="max-h-[32rem] overflow-auto rounded-lg border bg-muted/40 p-4 font-mono text-xs leading-relaxed" tabIndex={0} aria-label="Diff">
              {git.diff}
            </pre>
          ) : (
            <p className="text-sm">{git?.dirty === false ? "None: the working tree was clean." : <NotRecorded />}</p>
          )}
        </Section>
      </div>
    </div>
  );
}
