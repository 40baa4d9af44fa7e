import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/app/_components/ui/table";
import { formatMetricValue, type MetricSummary } from "@/app/_lib/runs";

/** Each metric key's last value (and step), min, max and point count. */
export function MetricsSummary({ metrics }: { metrics: readonly MetricSummary[] }) {
  if (metrics.length === 0) return <p className="text-sm text-muted-foreground">No metrics logged.</p>;
  return (
    <div className="rounded-xl border bg-card">
      <Table aria-label="Metrics" className="table-fixed">
        <TableHeader>
          <TableRow className="hover:bg-transparent">
            <TableHead className="w-2/5 pl-4">Metric</TableHead>
            <TableHead className="text-right">Last</TableHead>
            <TableHead className="text-right">Step</TableHead>
            <TableHead className="text-right">Min</TableHead>
            <TableHead className="text-right">Max</TableHead>
            <TableHead className="pr-4 text-right">Points</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {metrics.map((m) => (
            <TableRow key={m.key}>
              <TableCell className="truncate py-2 pl-4 font-mono text-xs" title={m.key}>
                {m.key}
              </TableCell>
              <TableCell className="py-2 text-right font-mono text-xs tabular-nums">{formatMetricValue(m.last?.value)}</TableCell>
              <TableCell className="py-2 text-right font-mono text-xs text-muted-foreground tabular-nums">{m.last ? m.last.step.toLocaleString("en") : "—"}</TableCell>
              <TableCell className="py-2 text-right font-mono text-xs tabular-nums">{formatMetricValue(m.min)}</TableCell>
              <TableCell className="py-2 text-right font-mono text-xs tabular-nums">{formatMetricValue(m.max)}</TableCell>
              <TableCell className="py-2 pr-4 text-right font-mono text-xs text-muted-foreground tabular-nums">{m.count.toLocaleString("en")}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
