"use client";

import { CheckIcon, ChevronsUpDownIcon, PlusIcon } from "lucide-react";
import Link from "next/link";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/app/_components/ui/dropdown-menu";
import type { Membership } from "@/lib/workspaces/list-memberships";

/** The current workspace, and a jump to any other the user belongs to. */
export function WorkspaceSwitcher({ current, memberships }: { current: { slug: string; name: string } | null; memberships: Membership[] }) {
  return (
    <DropdownMenu>
      <DropdownMenuTrigger
        className="flex h-8 max-w-56 items-center gap-2 rounded-md px-2 text-sm font-medium outline-none hover:bg-accent focus-visible:ring-[3px] focus-visible:ring-ring/50 data-[state=open]:bg-accent"
        data-testid="workspace-switcher"
      >
        {current ? (
          <>
            <span className="flex size-5 shrink-0 items-center justify-center rounded bg-brand text-[10px] font-semibold text-white uppercase">
              {current.name.slice(0, 1)}
            </span>
            <span className="truncate">{current.name}</span>
          </>
        ) : (
          <span className="truncate text-muted-foreground">Choose a workspace</span>
        )}
        <ChevronsUpDownIcon className="size-3.5 shrink-0 text-muted-foreground" />
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start" className="w-64">
        <DropdownMenuLabel>Workspaces</DropdownMenuLabel>
        {memberships.map((m) => (
          <DropdownMenuItem key={m.id} asChild>
            <Link href={`/${m.slug}`}>
              <span className="flex size-5 shrink-0 items-center justify-center rounded bg-muted text-[10px] font-semibold uppercase">
                {m.name.slice(0, 1)}
              </span>
              <span className="min-w-0 flex-1 truncate">{m.name}</span>
              <span className="text-xs text-muted-foreground">{m.role}</span>
              {m.slug === current?.slug ? <CheckIcon className="size-4" /> : <span className="size-4" />}
            </Link>
          </DropdownMenuItem>
        ))}
        {memberships.length > 0 ? <DropdownMenuSeparator /> : null}
        <DropdownMenuItem asChild>
          <Link href="/new">
            <PlusIcon />
            Create workspace
          </Link>
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
