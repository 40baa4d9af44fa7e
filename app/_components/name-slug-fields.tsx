"use client";

import { useState } from "react";
import { Input } from "@/app/_components/ui/input";
import { Label } from "@/app/_components/ui/label";
import { slugify } from "@/lib/slug";

/**
 * A name and its URL slug. The slug follows the name until the user edits it, and follows
 * again once they clear it. Submits as form fields `name` and `slug`.
 */
export function NameSlugFields({
  nameLabel,
  namePlaceholder,
  slugPrefix,
  nameMaxLength,
  autoFocus,
}: {
  nameLabel: string;
  namePlaceholder?: string;
  /** Shown before the slug, e.g. "acme/" for a project. */
  slugPrefix: string;
  nameMaxLength: number;
  autoFocus?: boolean;
}) {
  const [name, setName] = useState("");
  const [customSlug, setCustomSlug] = useState<string | null>(null);
  const derived = /[a-z0-9]/i.test(name) ? slugify(name) : "";
  const slug = customSlug ?? derived;
  return (
    <>
      <div className="grid gap-2">
        <Label htmlFor="name">{nameLabel}</Label>
        <Input
          id="name"
          name="name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder={namePlaceholder}
          maxLength={nameMaxLength}
          required
          autoFocus={autoFocus}
          autoComplete="off"
        />
      </div>
      <div className="grid gap-2">
        <Label htmlFor="slug">URL slug</Label>
        <div className="flex items-center rounded-md border border-input shadow-xs focus-within:border-ring focus-within:ring-[3px] focus-within:ring-ring/50 dark:bg-input/30">
          <span className="max-w-[50%] truncate pl-3 font-mono text-sm text-muted-foreground select-none">{slugPrefix}</span>
          <input
            id="slug"
            name="slug"
            value={slug}
            onChange={(e) => setCustomSlug(e.target.value === "" ? null : e.target.value.toLowerCase())}
            required
            maxLength={48}
            pattern="[a-z0-9]+(-[a-z0-9]+)*"
            title="Lowercase letters, digits and single dashes"
            autoComplete="off"
            spellCheck={false}
            className="h-9 min-w-0 flex-1 bg-transparent pr-3 font-mono text-sm outline-none"
          />
        </div>
        <p className="text-xs text-muted-foreground">Lowercase letters, digits and dashes. It appears in URLs and cannot be changed later.</p>
      </div>
    </>
  );
}
