import { expect, test } from "@playwright/test";
import { owner } from "./support/owner";

// Its own session: signing out ends the session the other tests share.
test.use({ storageState: { cookies: [], origins: [] } });

test("after setup, visitors are sent to sign in and sign-up needs an invitation", async ({ page }) => {
  await page.goto("/setup");
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto(`/${owner.workspace}`);
  await expect(page).toHaveURL(`/sign-in?next=%2F${owner.workspace}`);
  await page.goto("/sign-up");
  await expect(page.getByRole("heading", { name: "You need an invitation" })).toBeVisible();
});

test("a wrong password is refused; the right one signs in, and sign-out ends the session", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.getByLabel("Email").fill(owner.email);
  await page.getByLabel("Password").fill("not the password");
  await page.getByLabel("Password").press("Enter");
  await expect(page.getByRole("alert").filter({ hasText: /invalid email or password/i })).toBeVisible();

  await page.getByLabel("Password").fill(owner.password);
  await page.getByLabel("Password").press("Enter");
  await expect(page).toHaveURL(`/${owner.workspace}`);

  await page.getByTestId("user-menu").click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto(`/${owner.workspace}`);
  await expect(page).toHaveURL(/\/sign-in\?next=/);

  await page.getByLabel("Email").fill(owner.email);
  await page.getByLabel("Password").fill(owner.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(`/${owner.workspace}`);
  await expect(page.getByRole("heading", { name: "Projects", exact: true })).toBeVisible();
});
