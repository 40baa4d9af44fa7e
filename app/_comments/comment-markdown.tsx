"use client";

import Markdown, { type Components } from "react-markdown";
import remarkGfm from "remark-gfm";
import { mentionHrefId, mentionsAsLinks } from "@/lib/comments/mentions";
import { safeCommentUrl } from "@/lib/comments/safe-url";
import type { CommentPayload } from "@/lib/protocol/live";

const remarkPlugins = [remarkGfm];

/**
 * A comment body as markdown (GitHub flavour), rendered safely: raw HTML shows as text, links
 * keep only http, https, mailto and local paths, and images become links so that viewing a
 * comment never fetches from elsewhere.
 */
export function CommentMarkdown({ body, mentions }: { body: string; mentions: CommentPayload["mentions"] }) {
  const components: Components = {
    a: ({ href, children }) => {
      const userId = mentionHrefId(href);
      if (userId !== null) {
        const name = mentions.find((m) => m.id === userId)?.name;
        return <span className="rounded bg-primary/10 px-0.5 font-medium text-primary">{name ? `@${name}` : children}</span>;
      }
      if (!href) return <span>{children}</span>;
      return (
        <a href={href} target="_blank" rel="noopener noreferrer nofollow ugc" className="text-primary underline underline-offset-2 hover:no-underline">
          {children}
        </a>
      );
    },
    img: ({ src, alt }) =>
      typeof src === "string" && src ? (
        <a href={src} target="_blank" rel="noopener noreferrer nofollow ugc" className="text-primary underline underline-offset-2">
          {alt || "image"}
        </a>
      ) : null,
  };
  return (
    <div
      className={[
        "text-sm leading-relaxed break-words",
        "[&_p]:my-1.5 [&>*:first-child]:mt-0 [&>*:last-child]:mb-0",
        "[&_ul]:my-1.5 [&_ul]:list-disc [&_ul]:pl-5 [&_ol]:my-1.5 [&_ol]:list-decimal [&_ol]:pl-5 [&_li]:my-0.5",
        "[&_code]:rounded [&_code]:bg-muted [&_code]:px-1 [&_code]:py-0.5 [&_code]:font-mono [&_code]:text-[0.85em]",
        "[&_pre]:my-2 [&_pre]:overflow-x-auto [&_pre]:rounded-md [&_pre]:bg-muted [&_pre]:p-2 [&_pre_code]:bg-transparent [&_pre_code]:p-0",
        "[&_blockquote]:my-1.5 [&_blockquote]:border-l-2 [&_blockquote]:pl-3 [&_blockquote]:text-muted-foreground",
        "[&_h1]:mt-2 [&_h1]:font-semibold [&_h2]:mt-2 [&_h2]:font-semibold [&_h3]:mt-2 [&_h3]:font-semibold [&_h4]:font-semibold",
        "[&_table]:my-2 [&_table]:block [&_table]:overflow-x-auto [&_td]:border [&_td]:px-2 [&_td]:py-1 [&_th]:border [&_th]:px-2 [&_th]:py-1",
        "[&_hr]:my-2 [&_del]:text-muted-foreground",
      ].join(" ")}
    >
      <Markdown remarkPlugins={remarkPlugins} urlTransform={safeCommentUrl} components={components}>
        {mentionsAsLinks(body)}
      </Markdown>
    </div>
  );
}
