import { expect, expectNoSeriousViolations, logIn, open, test } from "./support";

// Issue 15 item 7: an admin registers a webhook endpoint at 390 px, sees the signing secret once, and a ping shows
// in the endpoint's delivery log.
test.use({ locale: "en-US", viewport: { width: 390, height: 844 } });

test("an admin registers an endpoint, sees the secret once, and a ping appears in its log", async ({ page, people }) => {
  const admin = await people.create({ role: "admin", name: "Admin Webhook" });
  await logIn(page, admin);
  const url = `https://hooks.example.com/jejaring-${Date.now()}`;
  await open(page, "/admin/webhooks");
  await page.getByLabel("URL").fill(url);
  await page.getByRole("checkbox", { name: "booking.created" }).check();
  await page.getByRole("button", { name: "Register" }).click();
  const secret = page.getByTestId("webhook-secret");
  await expect(secret).toContainText("shown only this once");
  await expect(secret.getByLabel("Signing secret")).toHaveValue(/^whsec_/);
  await expectNoSeriousViolations(page, "/admin/webhooks");

  const endpoint = page.getByTestId("webhook-endpoint").filter({ hasText: url });
  await endpoint.getByRole("button", { name: "Send ping" }).click();
  await expect(page.getByTestId("webhook-secret")).toHaveCount(0);
  await expect(page.getByTestId("webhook-endpoint").filter({ hasText: url }).getByTestId("webhook-log")).toContainText("ping");
  // Reloaded, the secret is nowhere on the page.
  await open(page, "/admin/webhooks");
  expect(await page.content()).not.toContain("whsec_");
});
