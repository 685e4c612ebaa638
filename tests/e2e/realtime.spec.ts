import { expect, logIn, test } from "./support";

test.use({ locale: "en-US" });

test("the header shows the live connection once signed in, and none when signed out", async ({ page, people }) => {
  await page.goto("/");
  await expect(page.getByTestId("rt-status")).toHaveCount(0);

  await logIn(page, await people.create());
  const status = page.getByTestId("rt-status");
  await expect(status).toHaveAttribute("data-status", "connected");
  await expect(status).toContainText("Live");

  // The connection survives client-side navigation (one socket for the whole app).
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Projects" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Projects" })).toBeVisible();
  await expect(status).toHaveAttribute("data-status", "connected");
});

test("logging out in a second tab ends the first tab's live connection", async ({ context, people }) => {
  const first = await context.newPage();
  await logIn(first, await people.create());
  await first.goto("/spaces");
  await expect(first.getByTestId("rt-status")).toHaveAttribute("data-status", "connected");

  const second = await context.newPage();
  await second.goto("/account");
  await expect(second.getByTestId("rt-status")).toHaveAttribute("data-status", "connected");
  await second.getByRole("navigation", { name: "Main" }).getByRole("button", { name: "Log out", exact: true }).click();
  await expect(second).toHaveURL(/\/login$/);

  // The server ends the session's sockets: the first tab shows the signed-out app.
  await expect(first).toHaveURL(/\/login$/);
  await expect(first.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Log in" })).toBeVisible();
  await expect(first.getByTestId("rt-status")).toHaveCount(0);
});
