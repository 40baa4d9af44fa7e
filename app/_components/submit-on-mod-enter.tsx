"use client";

import type { ComponentProps } from "react";
import { Textarea } from "@/app/_components/ui/textarea";

/** A textarea where Enter adds a line and Ctrl/⌘+Enter submits its form, as elsewhere Enter does. */
export function SubmitOnModEnter({ onKeyDown, ...props }: ComponentProps<typeof Textarea>) {
  return (
    <Textarea
      onKeyDown={(event) => {
        if (event.key === "Enter" && (event.metaKey || event.ctrlKey)) {
          event.preventDefault();
          event.currentTarget.form?.requestSubmit();
        }
        onKeyDown?.(event);
      }}
      {...props}
    />
  );
}
