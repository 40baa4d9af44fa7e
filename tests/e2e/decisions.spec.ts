import { randomUUID } from "node:crypto";
import { expect, request, test, type APIRequestContext, type Page } from "@playwright/test";
import type { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { openNotebookDoc } from "./support/notebook-doc";
import { owner, ownerStorageState } from "./support/owner";
import { createRun, e2eUrl } from "./support/tracking";

const stamp = Date.now();
const projectSlug = `decisions-${stamp}`;
const project = `${owner.workspace}/${projectSlug}`;
const decisionId = randomUUID();
const title = `Promote AdamW ${stamp}`;

let key = "";
let api: APIRequestContext;
let runId = "";
let notebookId = "";
let provider: WebsocketProvider | undefined;
let doc: Y.Doc | undefined;

/** Opens the notebook's document over the collaboration protocol, as a script would, with the stock y-websocket client. */
const openDocument = () => openNotebookDoc(notebookId, key);

/** Reloads until `check` passes: the server indexes a page about a second after it is stored. */
async function eventually(page: Page, check: () => Promise<void>): Promise<void> {
  await expect(async () => {
    await page.reload();
    await check();
  }).toPass({ timeout: 20_000, intervals: [500, 1_000, 2_000] });
}

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  const baseURL = e2eUrl();
  const session = await request.newContext({ baseURL, storageState: ownerStorageState, extraHTTPHeaders: { origin: baseURL } });
  try {
    const created = await session.post(`/api/v1/workspaces/${owner.workspace}/projects`, { data: { slug: projectSlug, name: "Decisions" } });
    expect(created.status(), await created.text()).toBe(201);
    const keyed = await session.post("/api/v1/api-keys", { data: { name: `e2e decisions ${stamp}` } });
    expect(keyed.status(), await keyed.text()).toBe(201);
    key = ((await keyed.json()) as { key: string }).key;
  } finally {
    await session.dispose();
  }
  api = await request.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${key}` } });
  runId = await createRun(api, { project, name: `adamw-${stamp}` });
  const notebook = await api.post("/api/v1/notebooks", { data: { project, title: "Optimizer study" } });
  expect(notebook.status(), await notebook.text()).toBe(201);
  notebookId = ((await notebook.json()) as { id: string }).id;
});

test.afterAll(async () => {
  provider?.destroy();
  doc?.destroy();
  await api?.dispose();
});

test("a decision block written into a notebook is listed on the decisions page and on its run's page", async ({ page }) => {
  ({ provider, doc } = await openDocument());
  const block = new Y.XmlElement("decision");
  block.setAttribute("decisionId", decisionId);
  block.setAttribute("title", title);
  block.setAttribute("status", "accepted");
  block.setAttribute("decision", "Switch every baseline to AdamW");
  block.setAttribute("date", "2024-05-01");
  block.setAttribute("runs", [runId] as unknown as string);
  const fragment = doc.getXmlFragment("default");
  fragment.insert(fragment.length, [block]);

  await page.goto(`/${project}/decisions`);
  await expect(page).toHaveURL(new RegExp(`/${project}\\?tab=decisions$`));
  const row = page.getByTestId("decision-row").filter({ hasText: title });
  await eventually(page, () => expect(row).toBeVisible({ timeout: 2_000 }));
  await expect(row.locator('[data-status="accepted"]')).toBeVisible();
  await expect(row.getByRole("link", { name: title })).toHaveAttribute("href", `/${project}/notebooks/${notebookId}#decision-${decisionId}`);
  await expect(row.getByRole("link", { name: `adamw-${stamp}` })).toHaveAttribute("href", `/${project}/runs/${runId}`);

  await page.getByRole("button", { name: "rejected" }).click();
  await expect(page.getByText("No decision matches these filters.")).toBeVisible();
  await page.getByRole("button", { name: "Clear filters" }).click();
  await page.getByRole("searchbox", { name: "Search decisions" }).fill("baseline to adamw");
  await expect(row).toBeVisible();

  await page.goto(`/${project}/runs/${runId}`);
  const section = page.getByRole("region", { name: "Decisions" });
  await expect(section.getByRole("link", { name: title })).toBeVisible();
});

test("removing the block removes the decision", async ({ page }) => {
  if (!doc) throw new Error("the previous test did not open the document");
  const fragment = doc.getXmlFragment("default");
  const index = fragment.toArray().findIndex((node) => node instanceof Y.XmlElement && node.getAttribute("decisionId") === decisionId);
  expect(index).toBeGreaterThan(-1);
  fragment.delete(index, 1);

  await page.goto(`/${project}/runs/${runId}`);
  await eventually(page, () => expect(page.getByText("No decision links this run yet.")).toBeVisible({ timeout: 2_000 }));
  await page.goto(`/${project}?tab=decisions`);
  await expect(page.getByText("No decisions yet")).toBeVisible();
});
