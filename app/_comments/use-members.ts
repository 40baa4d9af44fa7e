"use client";

import { useEffect, useState } from "react";
import { api } from "@/app/_lib/api";

export interface MemberOption {
  userId: string;
  name: string;
  email: string;
}

const cache = new Map<string, Promise<MemberOption[]>>();

function loadMembers(workspace: string): Promise<MemberOption[]> {
  let members = cache.get(workspace);
  if (!members) {
    members = api<{ members: MemberOption[] }>(`/workspaces/${encodeURIComponent(workspace)}/members`).then((r) => r.members);
    // A failure is not cached: the next @ tries again.
    members.catch(() => cache.delete(workspace));
    cache.set(workspace, members);
  }
  return members;
}

/** The workspace's members for @mention suggestions, fetched once per page when first wanted. */
export function useMembers(workspace: string, wanted: boolean): { members: MemberOption[]; loading: boolean; failed: boolean } {
  const [state, setState] = useState<{ workspace: string; members: MemberOption[]; failed: boolean } | null>(null);
  useEffect(() => {
    if (!wanted) return;
    let current = true;
    loadMembers(workspace).then(
      (members) => current && setState({ workspace, members, failed: false }),
      () => current && setState({ workspace, members: [], failed: true }),
    );
    return () => {
      current = false;
    };
  }, [workspace, wanted]);
  const mine = state?.workspace === workspace ? state : null;
  return { members: mine?.members ?? [], loading: wanted && mine === null, failed: mine?.failed ?? false };
}

/** Members whose name or email matches what follows the @, best matches first. */
export function matchMembers(members: readonly MemberOption[], query: string, limit = 6): MemberOption[] {
  const q = query.trim().toLowerCase();
  const scored = members.flatMap((m) => {
    const name = m.name.toLowerCase();
    const email = m.email.toLowerCase();
    const score = q === "" ? 2 : name.startsWith(q) ? 0 : name.split(/\s+/).some((w) => w.startsWith(q)) ? 1 : email.startsWith(q) ? 2 : name.includes(q) ? 3 : -1;
    return score < 0 ? [] : [{ m, score }];
  });
  return scored
    .sort((a, b) => a.score - b.score || a.m.name.localeCompare(b.m.name))
    .slice(0, limit)
    .map((s) => s.m);
}
