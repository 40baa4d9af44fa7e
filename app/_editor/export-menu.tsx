"use client";

import { ChevronDownIcon, FileDownIcon, PrinterIcon } from "lucide-react";
import Link from "next/link";
import { Button } from "@/app/_components/ui/button";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuTrigger } from "@/app/_components/ui/dropdown-menu";

export interface ExportMenuProps {
  notebookId: string;
  /** Slugs of the notebook's workspace and project (the print view lives under them). */
  workspace: string;
  project: string;
}

/**
 * The notebook page's way out: a Markdown download of the current page (tables, math,
 * decisions, run tables, chart summaries) and the print view ("print / save as PDF").
 */
export function ExportMenu({ notebookId, workspace, project }: ExportMenuProps) {
  const id = encodeURIComponent(notebookId);
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="outline" size="sm" data-testid="export-menu">
          <FileDownIcon />
          Export
          <ChevronDownIcon className="opacity-60" />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end">
        <DropdownMenuItem asChild>
          {/* A plain link: the download is an attachment, not a page to route to. */}
          <a href={`/api/v1/notebooks/${id}/export.md`} download>
            <FileDownIcon />
            Export Markdown
          </a>
        </DropdownMenuItem>
        <DropdownMenuItem asChild>
          <Link href={`/${encodeURIComponent(workspace)}/${encodeURIComponent(project)}/notebooks/${id}/print`}>
            <PrinterIcon />
            Print / Save as PDF
          </Link>
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
