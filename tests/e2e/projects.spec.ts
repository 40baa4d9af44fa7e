import { expect, test } from "@playwright/test";
import { owner } from "./support/owner";

test("an owner creates a project; its slug follows the name and duplicates are refused", async ({ page }) => {
  await page.goto(`/${owner.workspace}`);
  await page.getByRole("button", { name: "New project" }).click();
  const dialog = page.getByRole("dialog", { name: "New project" });
  await dialog.getByLabel("Name", { exact: true }).fill("Image Classifier");
  await expect(dialog.getByLabel("URL slug")).toHaveValue("image-classifier");
  await dialog.getByLabel("Description").fill("ResNet baselines on CIFAR-10");
  await dialog.getByLabel("Name", { exact: true }).press("Enter");

  await expect(page).toHaveURL(`/${owner.workspace}/image-classifier`);
  await expect(page.getByRole("heading", { name: "Image Classifier" })).toBeVisible();
  await expect(page.getByText("ResNet baselines on CIFAR-10")).toBeVisible();
  await expect(page.getByText(`labbook.init(project="${owner.workspace}/image-classifier")`)).toBeVisible();
  await page.getByRole("tab", { name: "Decisions" }).click();
  await expect(page.getByText("No decisions yet")).toBeVisible();

  await page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link", { name: owner.workspaceName }).click();
  await expect(page.getByRole("list", { name: "Projects" }).getByRole("link", { name: /Image Classifier/ })).toBeVisible();

  // The same slug again: the API's conflict message appears in the dialog, which stays open.
  await page.getByRole("button", { name: "New project" }).click();
  await dialog.getByLabel("Name", { exact: true }).fill("Image classifier");
  await dialog.getByRole("button", { name: "Create project" }).click();
  await expect(dialog.getByRole("alert")).toContainText('A project with slug "image-classifier" already exists');
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
});

test("an editor renames a project without changing its URL", async ({ page }) => {
  await page.goto(`/${owner.workspace}/image-classifier`);
  await page.getByRole("button", { name: "Edit" }).click();
  const dialog = page.getByRole("dialog", { name: "Edit project" });
  await dialog.getByLabel("Name", { exact: true }).fill("CIFAR classifier");
  await dialog.getByLabel("Name", { exact: true }).press("Enter");
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("heading", { name: "CIFAR classifier" })).toBeVisible();
  await expect(page).toHaveURL(`/${owner.workspace}/image-classifier`);
});
