import { expect, test } from "@playwright/test";
import { owner } from "./support/owner";

interface Me {
  user: { email: string };
  workspaces: { slug: string; role: string }[];
}

test("an API key created in the UI authenticates scripts until it is revoked", async ({ page, baseURL }) => {
  await page.goto(`/${owner.workspace}`);
  await page.getByTestId("user-menu").click();
  await page.getByRole("menuitem", { name: "API keys" }).click();
  await expect(page).toHaveURL("/settings/api-keys");
  await expect(page.getByText("No API keys yet")).toBeVisible();

  await page.getByRole("button", { name: "New API key" }).click();
  await page.getByLabel("Name").fill("e2e script");
  await page.getByLabel("Name").press("Enter");
  const key = await page.getByTestId("new-api-key").inputValue();
  expect(key).toMatch(/^lbk_/);
  await expect(page.getByText("This is the only time the key is shown")).toBeVisible();
  await page.getByRole("button", { name: "I've copied it" }).click();

  const row = page.getByTestId("api-key-row").filter({ hasText: "e2e script" });
  await expect(row).toContainText("Active");
  await expect(row).toContainText("Never");

  const bearer = { authorization: `Bearer ${key}` };
  const me = await fetch(`${baseURL}/api/v1/me`, { headers: bearer });
  expect(me.status).toBe(200);
  const body = (await me.json()) as Me;
  expect(body.user.email).toBe(owner.email);
  expect(body.workspaces).toContainEqual(expect.objectContaining({ slug: owner.workspace, role: "owner" }));

  const created = await fetch(`${baseURL}/api/v1/workspaces/${owner.workspace}/projects`, {
    method: "POST",
    headers: { ...bearer, "content-type": "application/json" },
    body: JSON.stringify({ slug: "from-a-script", name: "From a script" }),
  });
  expect(created.status).toBe(201);

  await page.reload();
  await expect(row).not.toContainText("Never");

  await row.getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Revoke key" }).click();
  await expect(row).toContainText("Revoked");

  const refused = await fetch(`${baseURL}/api/v1/me`, { headers: bearer });
  expect(refused.status).toBe(401);
  expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("unauthenticated");
});
