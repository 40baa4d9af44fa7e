import { expect, test } from "@playwright/test";
import { owner } from "./support/owner";

const viewer = { name: "Grace Hopper", email: "grace@example.com", password: "a viewer's password" };

test("a viewer invited through the UI can read projects but cannot create one", async ({ page, browser }) => {
  await page.goto(`/${owner.workspace}/settings`);
  await page.getByRole("button", { name: "Invite" }).click();
  const dialog = page.getByRole("dialog", { name: "Invite to workspace" });
  await dialog.getByRole("combobox", { name: "Role" }).click();
  await page.getByRole("option", { name: "viewer" }).click();
  await dialog.getByLabel("Email (optional)").fill(viewer.email);
  await dialog.getByRole("button", { name: "Create link" }).click();
  const url = await page.getByTestId("invite-url").inputValue();
  expect(url).toMatch(/\/invite\/inv_/);
  await page.getByRole("button", { name: "Done" }).click();
  await expect(page.getByRole("cell", { name: viewer.email })).toBeVisible();

  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  try {
    const guest = await context.newPage();
    await guest.goto(url);
    await expect(guest.getByRole("heading", { name: `Join ${owner.workspaceName}` })).toBeVisible();
    await guest.getByRole("link", { name: "Create an account" }).click();
    await expect(guest.getByText("viewer", { exact: true })).toBeVisible();
    await expect(guest.getByLabel("Email")).toHaveValue(viewer.email);
    await guest.getByLabel("Your name").fill(viewer.name);
    await guest.getByLabel("Password").fill(viewer.password);
    await guest.getByLabel("Password").press("Enter");

    await expect(guest).toHaveURL(`/${owner.workspace}`);
    await expect(guest.getByRole("list", { name: "Projects" }).getByRole("link", { name: /CIFAR classifier|Image Classifier/ })).toBeVisible();
    await expect(guest.getByText("you are viewer")).toBeVisible();
    await expect(guest.getByRole("button", { name: "New project" })).toHaveCount(0);

    const attempt = await guest.evaluate(async (workspace) => {
      const response = await fetch(`/api/v1/workspaces/${workspace}/projects`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ slug: "sneaky" }),
      });
      return { status: response.status, body: (await response.json()) as { error: { code: string; message: string } } };
    }, owner.workspace);
    expect(attempt.status).toBe(403);
    expect(attempt.body.error.code).toBe("forbidden");
    expect(attempt.body.error.message).toContain("editor");
  } finally {
    await context.close();
  }

  // The owner sees the new member, and the used invitation is no longer pending.
  await page.reload();
  await expect(page.getByRole("row", { name: new RegExp(viewer.name) })).toContainText("viewer");
  await expect(page.getByText("No pending invitations")).toBeVisible();
});
