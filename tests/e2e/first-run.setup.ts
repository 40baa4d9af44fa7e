import { expect, test as setup } from "@playwright/test";
import { owner, ownerStorageState } from "./support/owner";

setup("on a fresh instance the first account sets Labbook up and owns the workspace", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { name: "Welcome to Labbook" })).toBeVisible();

  await page.getByLabel("Your name").fill(owner.name);
  await page.getByLabel("Email").fill(owner.email);
  await page.getByLabel("Password").fill(owner.password);
  await page.getByLabel("Workspace name").fill(owner.workspaceName);
  await page.getByLabel("Workspace name").press("Enter");

  await expect(page).toHaveURL(`/${owner.workspace}`);
  await expect(page.getByRole("heading", { name: "Projects", exact: true })).toBeVisible();
  await expect(page.getByText("No projects yet")).toBeVisible();
  await expect(page.getByTestId("workspace-switcher")).toContainText(owner.workspaceName);

  await page.context().storageState({ path: ownerStorageState });
});
