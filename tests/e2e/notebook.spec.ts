import { expect, request, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { owner, ownerStorageState } from "./support/owner";
import { createRun, e2eUrl, logSeries, ownerApi } from "./support/tracking";

const stamp = Date.now();
const projectSlug = `notes-${stamp}`;
const project = `${owner.workspace}/${projectSlug}`;
const editor = { name: "Rosalind Franklin", email: `rosalind-${stamp}@example.com`, password: "an editor's long password", role: "editor" } as const;
const viewer = { name: "Barbara McClintock", email: `barbara-${stamp}@example.com`, password: "a viewer's long password", role: "viewer" } as const;

let editorContext: BrowserContext;
let viewerContext: BrowserContext;
let notebookPath = "";
/** The run the chart test logs to; later tests link it. */
let chartRunId = "";

/** Invites a member with the owner's session and signs them up; returns their signed-in browser context. */
async function signUp(browser: Browser, person: { name: string; email: string; password: string; role: "editor" | "viewer" }): Promise<BrowserContext> {
  const baseURL = e2eUrl();
  const ownerSession = await request.newContext({ baseURL, storageState: ownerStorageState, extraHTTPHeaders: { origin: baseURL } });
  const guest = await request.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL } });
  try {
    const invited = await ownerSession.post(`/api/v1/workspaces/${owner.workspace}/invitations`, { data: { role: person.role, email: person.email } });
    expect(invited.status()).toBe(201);
    const { token } = (await invited.json()) as { token: string };
    const signedUp = await guest.post("/api/v1/auth/sign-up/email", { data: { name: person.name, email: person.email, password: person.password, invitation: token } });
    expect(signedUp.ok(), await signedUp.text()).toBe(true);
    return await browser.newContext({ storageState: await guest.storageState() });
  } finally {
    await ownerSession.dispose();
    await guest.dispose();
  }
}

/** Opens the notebook and waits for its first sync with the server. */
async function openNotebook(page: Page): Promise<void> {
  await page.goto(notebookPath);
  await expect(page.getByTestId("notebook")).toHaveAttribute("data-synced", "true");
  await expect(page.getByTestId("connection-status")).toHaveText("Saved");
}

/** The text of what `selector` finds in the editor, without other people's caret labels (they sit inside the text). */
function editorText(page: Page, selector = ".ProseMirror"): Promise<string> {
  return page.evaluate((sel) => {
    return Array.from(document.querySelectorAll(sel))
      .map((element) => {
        const copy = element.cloneNode(true) as HTMLElement;
        copy.querySelectorAll(".collaboration-carets__caret").forEach((caret) => caret.remove());
        return copy.textContent ?? "";
      })
      .join("\n");
  }, selector);
}

const pageText = (page: Page) => editorText(page);

async function expectText(page: Page, text: string): Promise<void> {
  await expect.poll(() => pageText(page), { timeout: 10_000 }).toContain(text);
}

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ browser }) => {
  const baseURL = e2eUrl();
  const ownerSession = await request.newContext({ baseURL, storageState: ownerStorageState, extraHTTPHeaders: { origin: baseURL } });
  try {
    const created = await ownerSession.post(`/api/v1/workspaces/${owner.workspace}/projects`, { data: { slug: projectSlug, name: "Write-ups" } });
    expect(created.status(), await created.text()).toBe(201);
  } finally {
    await ownerSession.dispose();
  }
  editorContext = await signUp(browser, editor);
  viewerContext = await signUp(browser, viewer);
});

test.afterAll(async () => {
  await editorContext?.close();
  await viewerContext?.close();
});

test("the owner creates a notebook from the project's Notebooks tab", async ({ page }) => {
  await page.goto(`/${project}?tab=notebooks`);
  await expect(page.getByText("No notebooks yet")).toBeVisible();
  await page.getByRole("button", { name: "New notebook" }).click();
  const dialog = page.getByRole("dialog", { name: "New notebook" });
  await dialog.getByLabel("Title").fill("Weekly review");
  await dialog.getByRole("button", { name: "Create" }).click();
  await expect(page).toHaveURL(new RegExp(`/${project}/notebooks/[0-9a-f-]{36}$`));
  notebookPath = new URL(page.url()).pathname;
  await expect(page.getByTestId("notebook")).toHaveAttribute("data-synced", "true");
  await expect(page.getByTestId("notebook")).toHaveAttribute("data-editable", "true");
  // The server wrote the title into the page.
  await expect(page.locator('.ProseMirror h1[data-type="title"]')).toHaveText("Weekly review");
});

test("two editors type on one page and see each other's text, carets and avatars", async ({ page }) => {
  const other = await editorContext.newPage();
  await openNotebook(page);
  await openNotebook(other);

  await page.locator('.ProseMirror h1[data-type="title"]').click();
  await page.keyboard.press("End");
  await page.keyboard.press("Enter");
  await page.keyboard.type("Ada was here.");
  await expectText(other, "Ada was here.");

  await other.locator(".ProseMirror p").filter({ hasText: "Ada was here." }).click();
  await other.keyboard.press("End");
  await other.keyboard.type(" Rosalind too.");
  await expectText(page, "Ada was here. Rosalind too.");

  // Carets carry the other person's name; avatars show everyone on the page.
  await expect(page.locator(".collaboration-carets__label", { hasText: editor.name })).toBeVisible();
  await expect(other.locator(".collaboration-carets__label", { hasText: owner.name })).toBeVisible();
  for (const p of [page, other]) {
    await expect(p.locator(`[data-testid="page-user"][data-name="${owner.name}"]`)).toHaveCount(1);
    await expect(p.locator(`[data-testid="page-user"][data-name="${editor.name}"]`)).toHaveCount(1);
  }

  // Markdown shortcuts and the / menu make the same blocks for both.
  await page.locator(".ProseMirror p").filter({ hasText: "Rosalind too." }).click();
  await page.keyboard.press("End");
  await page.keyboard.press("Enter");
  await page.keyboard.type("## Results");
  await expect.poll(() => editorText(other, ".ProseMirror h2")).toBe("Results");
  await page.keyboard.press("Enter");
  await page.keyboard.type("/todo");
  await expect(page.getByTestId("slash-menu")).toBeVisible();
  await page.keyboard.press("Enter");
  await page.keyboard.type("rerun with seed 2");
  await expect.poll(() => editorText(other, '.ProseMirror ul[data-type="taskList"] li')).toContain("rerun with seed 2");

  // Yjs undo takes back only this user's own typing.
  await page.keyboard.press("ControlOrMeta+z");
  await expect(other.locator('.ProseMirror ul[data-type="taskList"]')).toHaveCount(0);
  await expectText(other, "Rosalind too.");
  await other.close();
});

/** A new notebook reading "first line" and "second line", the caret at the end of the second. */
async function twoLinePage(page: Page, title: string): Promise<void> {
  const api = await ownerApi();
  try {
    const created = await api.post("/api/v1/notebooks", { data: { project, title } });
    expect(created.status(), await created.text()).toBe(201);
    await page.goto(((await created.json()) as { url: string }).url);
  } finally {
    await api.dispose();
  }
  await expect(page.getByTestId("notebook")).toHaveAttribute("data-synced", "true");
  await page.locator('.ProseMirror h1[data-type="title"]').click();
  await page.keyboard.press("End");
  await page.keyboard.press("Enter");
  await page.keyboard.type("first line");
  await page.keyboard.press("Enter");
  await page.keyboard.type("second line");
}

/** What a collaborator does between the click and the key, if anything. */
type Meanwhile = "nothing" | "edit";

/**
 * Moves the DOM caret to the end of "first line", as a click does; lets a collaborator act in
 * the same task (before the browser's selectionchange task, as on a busy page); then presses
 * Enter there.
 */
async function clickFirstLineThenEnter(page: Page, meanwhile: Meanwhile): Promise<void> {
  await page.locator(".ProseMirror").evaluate((root, what) => {
    interface YText { insert(index: number, text: string): void }
    interface YDoc { getXmlFragment(name: string): { get(i: number): { get(i: number): YText } }; transact(f: () => void, origin: unknown): void }
    type Extension = { name: string; options: { document?: YDoc } };
    const editor = (root as HTMLElement & { editor: { extensionManager: { extensions: Extension[] } } }).editor;
    const option = (name: string) => editor.extensionManager.extensions.find((e) => e.name === name)?.options;
    const text = Array.from(root.querySelectorAll("p")).find((p) => p.textContent === "first line")?.firstChild;
    if (!text) throw new Error("no paragraph reads 'first line'");
    window.getSelection()?.collapse(text, "first line".length);
    if (what === "edit") {
      // A change to the shared document that is not this editor's own, as a collaborator's is.
      const doc = option("collaboration")?.document;
      if (!doc) throw new Error("no shared document");
      const second = doc.getXmlFragment("default").get(2).get(0);
      doc.transact(() => second.insert(0, "Z"), "collaborator");
    }
    root.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", code: "Enter", keyCode: 13, bubbles: true, cancelable: true }));
  }, meanwhile);
}

const paragraphs = (page: Page) => expect.poll(() => page.locator(".ProseMirror p").allTextContents());

test("a key acts where the caret is shown, also before the browser reports the caret moved", async ({ page }) => {
  await twoLinePage(page, "Caret and keys");
  await clickFirstLineThenEnter(page, "nothing");
  await paragraphs(page).toEqual(["first line", "", "second line"]);
});

test("a collaborator's edit arriving right after a click keeps the caret where it was clicked", async ({ page }) => {
  await twoLinePage(page, "Caret and edits");
  await clickFirstLineThenEnter(page, "edit");
  await paragraphs(page).toEqual(["first line", "", "Zsecond line"]);
});

test("links refuse unsafe addresses, typed or pasted", async ({ page }) => {
  const other = await editorContext.newPage();
  await openNotebook(page);
  await openNotebook(other);

  await page.locator(".ProseMirror p").filter({ hasText: "Rosalind too." }).click();
  await page.keyboard.press("End");
  await page.keyboard.press("Enter");
  await page.keyboard.type("the full report");
  await page.keyboard.press("Shift+Home");
  await expect(page.getByRole("button", { name: "Bold (Mod-B)" })).toBeVisible();
  await page.keyboard.press("ControlOrMeta+k");
  const address = page.getByLabel("Link address");
  await address.fill("javascript:alert(document.cookie)");
  await address.press("Enter");
  await expect(page.getByRole("alert").filter({ hasText: "Only web, mail and phone links" })).toBeVisible();
  await address.fill("https://example.com/report");
  await address.press("Enter");
  await expect.poll(() => editorText(other, '.ProseMirror a[href="https://example.com/report"]')).toBe("the full report");

  // Pasted HTML keeps its text but loses an unsafe link.
  await page.locator(".ProseMirror p").filter({ hasText: "Rosalind too." }).click();
  await page.keyboard.press("End");
  await page.locator(".ProseMirror").evaluate((root) => {
    const data = new DataTransfer();
    data.setData("text/html", '<a href="javascript:alert(1)">bad link</a> and <a href="https://example.org/">good link</a>');
    data.setData("text/plain", "bad link and good link");
    root.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  });
  await expectText(other, "bad link and good link");
  await expect.poll(() => editorText(other, '.ProseMirror a[href="https://example.org/"]')).toBe("good link");
  await expect(other.locator('.ProseMirror a[href^="javascript"]')).toHaveCount(0);
  await expect(page.locator('.ProseMirror a[href^="javascript"]')).toHaveCount(0);
  await other.close();
});

test("a viewer reads along live but cannot change the page", async ({ page }) => {
  const reader = await viewerContext.newPage();
  await openNotebook(page);
  await openNotebook(reader);
  await expect(reader.getByTestId("read-only")).toBeVisible();
  await expect(reader.getByTestId("notebook")).toHaveAttribute("data-editable", "false");
  await expect(reader.locator(".ProseMirror")).toHaveAttribute("contenteditable", "false");

  await page.locator(".ProseMirror p").filter({ hasText: "Rosalind too." }).click();
  await page.keyboard.press("End");
  await page.keyboard.type(" Live for viewers.");
  await expectText(reader, "Live for viewers.");
  await expect(reader.locator(".collaboration-carets__label", { hasText: owner.name })).toBeVisible();

  await reader.locator(".ProseMirror p").filter({ hasText: "Live for viewers." }).click();
  await reader.keyboard.type("VIEWER WAS HERE");
  await page.waitForTimeout(500);
  expect(await pageText(reader)).not.toContain("VIEWER WAS HERE");
  expect(await pageText(page)).not.toContain("VIEWER WAS HERE");
  await reader.close();
});

/** Every y value drawn in the notebook chart of `key`. */
function drawnValues(page: Page, key: string): Promise<number[]> {
  return page
    .locator(`[data-testid="metric-chart-block"] [data-testid="metric-chart"][data-metric-key="${key}"] .js-plotly-plot`)
    .evaluate((plot: HTMLElement & { data?: { y?: unknown[] }[] }) => (plot.data ?? []).flatMap((trace) => (trace.y ?? []).filter((y): y is number => typeof y === "number")));
}

/** Puts the caret at the end of the paragraph holding `text` and opens a new line. */
async function newLineAfter(page: Page, text: string): Promise<void> {
  await page.locator(".ProseMirror p").filter({ hasText: text }).click();
  await page.keyboard.press("End");
  await page.keyboard.press("Enter");
}

test("an editor adds a live chart and a run table; a logged point reaches both pages; a frozen chart keeps what it showed", async ({ page }) => {
  // The first chart waits for Plotly to load and parse, slow on a busy machine.
  test.setTimeout(90_000);
  const api = await ownerApi();
  const runId = await createRun(api, { project, name: "nb-chart-run", params: { lr: 0.01 } });
  chartRunId = runId;
  await logSeries(api, runId, [{ key: "loss", steps: [0, 1, 2, 3], values: [2, 1.5, 1.2, 1] }]);
  const other = await editorContext.newPage();
  await openNotebook(page);
  await openNotebook(other);

  await newLineAfter(page, "Rosalind too.");
  await page.keyboard.type("/chart");
  await page.keyboard.press("Enter");
  const block = page.getByTestId("metric-chart-block");
  await expect(other.getByTestId("metric-chart-block")).toBeVisible();
  await block.getByRole("button", { name: "Set up chart" }).click();
  const settings = page.getByRole("dialog", { name: "Chart" });
  await settings.getByRole("checkbox", { name: "nb-chart-run" }).click();
  await settings.getByRole("checkbox", { name: "loss" }).click();
  await settings.getByRole("button", { name: "Save" }).click();

  for (const p of [page, other]) {
    await expect(p.locator('[data-testid="metric-chart-block"] [data-metric-key="loss"] .main-svg').first()).toBeVisible({ timeout: 30_000 });
    await expect.poll(() => drawnValues(p, "loss")).toContain(1.2);
  }
  await logSeries(api, runId, [{ key: "loss", steps: [4], values: [0.875] }]);
  for (const p of [page, other]) await expect.poll(() => drawnValues(p, "loss"), { timeout: 5_000 }).toContain(0.875);

  // A run table of the same run, with a param and the metric, follows the point too.
  await page.keyboard.press("Escape");
  await newLineAfter(page, "Rosalind too.");
  await page.keyboard.type("/run");
  await page.keyboard.press("Enter");
  await page.getByTestId("run-table-block").getByRole("button", { name: "Set up table" }).click();
  const table = page.getByRole("dialog", { name: "Run table" });
  await table.getByRole("checkbox", { name: "nb-chart-run" }).click();
  await table.getByRole("checkbox", { name: "params.lr" }).click();
  await table.getByRole("checkbox", { name: "metrics.loss" }).click();
  await table.getByRole("button", { name: "Save" }).click();
  for (const p of [page, other]) {
    const row = p.getByTestId("run-table-row").filter({ hasText: "nb-chart-run" });
    await expect(row).toContainText("0.01");
    await expect(row).toContainText("0.875");
  }
  await logSeries(api, runId, [{ key: "loss", steps: [5], values: [0.625] }]);
  await expect(other.getByTestId("run-table-row").filter({ hasText: "nb-chart-run" })).toContainText("0.625");

  // Frozen: later points stay out, also after a reload.
  await page.getByTestId("metric-chart-block").getByRole("button", { name: "Freeze" }).click();
  await expect(other.getByTestId("chart-frozen")).toBeVisible();
  await page.waitForTimeout(50);
  await logSeries(api, runId, [{ key: "loss", steps: [6], values: [0.5] }]);
  await other.reload();
  await expect(other.locator('[data-testid="metric-chart-block"] [data-metric-key="loss"] .main-svg').first()).toBeVisible({ timeout: 30_000 });
  await expect.poll(() => drawnValues(other, "loss")).toContain(0.625);
  expect(await drawnValues(other, "loss")).not.toContain(0.5);
  await other.close();
  await api.dispose();
});

test("an editor records a decision linked to a run; it shows on the decisions page and on the run's page", async ({ page }) => {
  const other = await editorContext.newPage();
  await openNotebook(page);
  await openNotebook(other);
  await newLineAfter(page, "Rosalind too.");
  await page.keyboard.type("/decision");
  await page.keyboard.press("Enter");
  const block = page.getByTestId("decision-block");
  await block.getByLabel("Title").fill("Ship nb-chart-run");
  await block.getByLabel("Rationale").fill("Lowest loss of the sweep.");
  await block.getByRole("combobox", { name: "Status" }).click();
  await page.getByRole("option", { name: "accepted" }).click();
  await block.getByRole("button", { name: "Link run" }).click();
  await page.getByRole("list", { name: "Runs to link" }).getByRole("button", { name: "nb-chart-run" }).click();
  await expect(other.getByTestId("decision-block").getByLabel("Title")).toHaveValue("Ship nb-chart-run");
  await expect(other.getByTestId("decision-block").getByTestId("decision-run-link")).toContainText("nb-chart-run");

  // The server indexes the page a moment after it is stored.
  const row = page.getByTestId("decision-row").filter({ hasText: "Ship nb-chart-run" });
  await expect(async () => {
    await page.goto(`/${project}?tab=decisions`);
    await expect(row).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await expect(row.locator('[data-status="accepted"]')).toBeVisible();
  await page.goto(`/${project}/runs/${chartRunId}`);
  await expect(page.getByRole("region", { name: "Decisions" }).getByRole("link", { name: "Ship nb-chart-run" })).toBeVisible();
  await other.close();
});

test("a named version is restored after the text changed, for everyone on the page", async ({ page }) => {
  const other = await editorContext.newPage();
  await openNotebook(page);
  await openNotebook(other);
  await page.getByRole("button", { name: "Version history" }).click();
  const history = page.getByTestId("version-history");
  await history.getByRole("button", { name: "Name current version" }).click();
  await page.getByLabel("Version name").fill("Before the rewrite");
  await page.getByRole("button", { name: "Save version" }).click();
  await expect(history.getByTestId("version-item").first()).toContainText("Before the rewrite");
  await expect(history.getByTestId("version-preview")).toContainText("Rosalind too.");
  await page.keyboard.press("Escape");

  await page.locator(".ProseMirror p").filter({ hasText: "Rosalind too." }).click();
  await page.keyboard.press("End");
  await page.keyboard.type(" REWRITTEN");
  await expectText(other, "REWRITTEN");
  await expect(page.getByTestId("connection-status")).toHaveText("Saved");

  await page.getByRole("button", { name: "Version history" }).click();
  await history.getByTestId("version-item").filter({ hasText: "Before the rewrite" }).click();
  await history.getByRole("button", { name: "Restore this version" }).click();
  for (const p of [page, other]) await expect.poll(() => pageText(p), { timeout: 10_000 }).not.toContain("REWRITTEN");
  await expectText(other, "Rosalind too.");
  // The state before the restore is kept as a version.
  await page.getByRole("button", { name: "Version history" }).click();
  await expect(history.getByTestId("version-item").filter({ hasText: "Before restoring a version" })).toHaveCount(1);
  await page.keyboard.press("Escape");
  await other.close();
});

test("the Notebooks tab finds, renames, deletes and restores the notebook", async ({ page }) => {
  await page.goto(`/${project}?tab=notebooks`);
  const rows = page.getByTestId("notebook-row");
  // The title typed on the page is the notebook's title in the list.
  await expect(rows.filter({ hasText: "Weekly review" })).toHaveCount(1);
  await page.getByLabel("Search notebooks").fill("nothing like it");
  await expect(page.getByText("No notebook matches")).toBeVisible();
  await page.getByLabel("Search notebooks").fill("weekly");
  await expect(rows).toHaveCount(1);

  await page.getByRole("button", { name: "Rename Weekly review" }).click();
  const rename = page.getByRole("dialog", { name: "Rename notebook" });
  await rename.getByLabel("Title").fill("Weekly review (final)");
  await rename.getByRole("button", { name: "Rename" }).click();
  await expect(rows.filter({ hasText: "Weekly review (final)" })).toHaveCount(1);

  await page.getByRole("button", { name: "Delete Weekly review (final)" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete" }).click();
  await expect(rows).toHaveCount(0);
  await page.getByRole("button", { name: "Deleted" }).click();
  await expect(rows.filter({ hasText: "Weekly review (final)" })).toHaveCount(1);
  await rows.getByRole("button", { name: "Restore" }).click();
  await expect(rows).toHaveCount(0);
  await page.getByRole("button", { name: "Notebooks", exact: true }).click();
  await expect(rows.filter({ hasText: "Weekly review (final)" })).toHaveCount(1);
});
