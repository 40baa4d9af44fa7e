import { expect, request, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { owner, ownerStorageState } from "./support/owner";
import { e2eUrl } from "./support/tracking";

const stamp = Date.now();
const projectSlug = `reviews-${stamp}`;
const commenter = { name: "Lise Meitner", email: `lise-${stamp}@example.com`, password: "a commenter's long password", role: "commenter" } as const;
const viewer = { name: "Chien-Shiung Wu", email: `wu-${stamp}@example.com`, password: "a viewer's long password", role: "viewer" } as const;
/** Wide enough for the comments panel to sit in the right margin. */
const viewport = { width: 1440, height: 900 };

let commenterContext: BrowserContext;
let viewerContext: BrowserContext;
let notebookPath = "";

test.use({ viewport });
test.describe.configure({ mode: "serial" });

/** Invites a member with the owner's session and signs them up; returns their signed-in browser context. */
async function signUp(browser: Browser, person: { name: string; email: string; password: string; role: "commenter" | "viewer" }): Promise<BrowserContext> {
  const baseURL = e2eUrl();
  const ownerSession = await request.newContext({ baseURL, storageState: ownerStorageState, extraHTTPHeaders: { origin: baseURL } });
  const guest = await request.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL } });
  try {
    const invited = await ownerSession.post(`/api/v1/workspaces/${owner.workspace}/invitations`, { data: { role: person.role, email: person.email } });
    expect(invited.status(), await invited.text()).toBe(201);
    const { token } = (await invited.json()) as { token: string };
    const signedUp = await guest.post("/api/v1/auth/sign-up/email", { data: { name: person.name, email: person.email, password: person.password, invitation: token } });
    expect(signedUp.ok(), await signedUp.text()).toBe(true);
    return await browser.newContext({ storageState: await guest.storageState(), viewport });
  } finally {
    await ownerSession.dispose();
    await guest.dispose();
  }
}

/** Opens the notebook and waits for its first sync and its comments. */
async function openNotebook(page: Page): Promise<void> {
  await page.goto(notebookPath);
  await expect(page.getByTestId("notebook")).toHaveAttribute("data-synced", "true");
  await expect(page.getByTestId("notebook-comments")).toBeVisible();
  await expect(page.getByLabel("Loading comments")).toHaveCount(0);
}

/** Selects the first occurrence of `word` in the page's first paragraph, as a mouse would. */
async function selectWord(page: Page, word: string): Promise<void> {
  await page.evaluate((w) => {
    const paragraph = document.querySelector(".ProseMirror p");
    if (!paragraph) throw new Error("no paragraph");
    const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent?.indexOf(w) ?? -1;
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + w.length);
      document.getSelection()?.removeAllRanges();
      document.getSelection()?.addRange(range);
      return;
    }
    throw new Error(`no "${w}" in the paragraph`);
  }, word);
}

/** The page's first paragraph without other people's caret labels (they sit inside the text). */
function paragraphText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const copy = document.querySelector(".ProseMirror p")?.cloneNode(true) as HTMLElement | undefined;
    copy?.querySelectorAll(".collaboration-carets__caret").forEach((caret) => caret.remove());
    return copy?.textContent ?? "";
  });
}

const thread = (page: Page, text: string) => page.getByTestId("comment-thread").filter({ hasText: text });
const highlight = (page: Page) => page.locator(".ProseMirror .comment-highlight");

test.beforeAll(async ({ browser }) => {
  const baseURL = e2eUrl();
  const ownerSession = await request.newContext({ baseURL, storageState: ownerStorageState, extraHTTPHeaders: { origin: baseURL } });
  try {
    const project = await ownerSession.post(`/api/v1/workspaces/${owner.workspace}/projects`, { data: { slug: projectSlug, name: "Reviews" } });
    expect(project.status(), await project.text()).toBe(201);
    const notebook = await ownerSession.post("/api/v1/notebooks", { data: { project: `${owner.workspace}/${projectSlug}`, title: "Loss spike review" } });
    expect(notebook.status(), await notebook.text()).toBe(201);
    notebookPath = ((await notebook.json()) as { path: string }).path;
  } finally {
    await ownerSession.dispose();
  }
  commenterContext = await signUp(browser, commenter);
  viewerContext = await signUp(browser, viewer);
});

test.afterAll(async () => {
  await commenterContext?.close();
  await viewerContext?.close();
});

test("one user comments on a text range, another sees it live, replies and resolves it; a viewer reads along", async ({ page }) => {
  const other = await commenterContext.newPage();
  await openNotebook(page);
  await openNotebook(other);
  await expect(page.getByTestId("notebook")).toHaveAttribute("data-editable", "true");
  await expect(page.getByText("No comments yet")).toBeVisible();

  // The owner writes a sentence and selects "step 1200".
  await page.locator(".ProseMirror p").first().click();
  await page.keyboard.type("The loss spikes at step 1200.");
  await page.keyboard.press("ArrowLeft");
  for (let i = 0; i < "step 1200".length; i++) await page.keyboard.press("Shift+ArrowLeft");
  await page.getByRole("button", { name: "Comment (Mod-Alt-M)" }).click();

  const newThread = page.getByTestId("new-thread");
  await expect(newThread.locator("blockquote")).toHaveText("step 1200");
  await newThread.getByRole("combobox", { name: "Comment on the selected text…" }).fill("Is this the bf16 overflow?");
  await newThread.getByRole("button", { name: "Comment", exact: true }).click();
  await expect(newThread).toHaveCount(0);
  await expect(thread(page, "Is this the bf16 overflow?")).toBeVisible();
  await expect(highlight(page)).toHaveText("step 1200");
  await expect(page.getByTestId("comments-toggle")).toHaveText("1");

  // The commenter sees the highlight and the thread without reloading.
  await expect(highlight(other)).toHaveText("step 1200");
  const seen = thread(other, "Is this the bf16 overflow?");
  await expect(seen.locator("blockquote")).toHaveText("step 1200");
  // Clicking the highlight emphasises its thread.
  await highlight(other).click();
  await expect(other.locator(".ProseMirror .comment-highlight-active")).toHaveText("step 1200");

  // Text typed before the range by the owner leaves the highlight on the same words.
  await page.locator(".ProseMirror p").first().click();
  await page.keyboard.press("Home");
  await page.keyboard.type("Update: ");
  await expect.poll(() => paragraphText(other)).toBe("Update: The loss spikes at step 1200.");
  await expect(highlight(other)).toHaveText("step 1200");
  await expect(highlight(page)).toHaveText("step 1200");

  // The commenter's page is read-only, yet a selection offers Comment (and no formatting).
  await selectWord(other, "loss");
  await expect(other.getByRole("button", { name: "Comment (Mod-Alt-M)" })).toBeVisible();
  await expect(other.getByRole("button", { name: "Bold (Mod-B)" })).toHaveCount(0);

  // The commenter replies; the owner sees the reply live.
  await seen.getByRole("button", { name: "Reply…" }).click();
  await seen.getByRole("combobox", { name: "Reply…" }).fill("Yes: the grad norm explodes there.");
  await seen.getByRole("button", { name: "Reply", exact: true }).click();
  await expect(thread(page, "Is this the bf16 overflow?")).toContainText("Yes: the grad norm explodes there.");

  // The commenter resolves it; the owner's highlight goes and the thread folds into Resolved.
  await seen.getByRole("button", { name: "Resolve" }).click();
  await expect(page.getByRole("button", { name: "1 resolved thread" })).toBeVisible();
  await expect(page.getByText("No open threads.")).toBeVisible();
  await expect(highlight(page)).toHaveCount(0);
  await expect(page.getByTestId("comments-toggle")).toHaveText("0");

  // A viewer reads the thread and its reply, with no way to write.
  const reader = await viewerContext.newPage();
  await openNotebook(reader);
  await reader.getByRole("button", { name: "1 resolved thread" }).click();
  const readOnly = thread(reader, "Is this the bf16 overflow?");
  await readOnly.getByRole("button", { name: /Resolved by/ }).click();
  await expect(readOnly).toContainText("Yes: the grad norm explodes there.");
  await expect(readOnly).toContainText(`Resolved by ${commenter.name}`);
  await expect(readOnly.getByRole("button", { name: /Reply|Reopen/ })).toHaveCount(0);
  await expect(reader.getByTestId("new-thread")).toHaveCount(0);
  await selectWord(reader, "loss");
  // Give the bubble menu its debounce before saying it stayed away.
  await reader.waitForTimeout(500);
  await expect(reader.getByRole("button", { name: "Comment (Mod-Alt-M)" })).toHaveCount(0);
});
