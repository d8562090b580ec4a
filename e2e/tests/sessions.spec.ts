import { expect, test } from "@playwright/test";
import { SMTP_HOST, SMTP_PORT } from "../fixtures/ports.js";
import { converse } from "../fixtures/smtp.js";
import { openLive } from "../fixtures/page.js";

test("a session refused at RCPT shows as failed, live, with its transcript", async ({ page }) => {
  await openLive(page, "/?view=sessions");
  const helo = `refused-${Date.now().toString(36)}.e2e.test`;
  const replies = await converse(SMTP_HOST, SMTP_PORT, [`EHLO ${helo}`, "MAIL FROM:<sender@e2e.test>", "RCPT TO:<bad address syntax>", "QUIT"]);
  expect(replies.map((r) => r.code)).toEqual([220, 250, 250, 501, 221]);

  const row = page.getByTestId("session-row").filter({ hasText: helo });
  await expect(row).toBeVisible();
  await expect(row.getByTestId("session-status")).toHaveAttribute("data-outcome", "failed");
  await expect(row).toContainText("501");

  // The Failed filter lists it too.
  await page.getByRole("radio", { name: "Failed" }).click();
  await expect(page.getByTestId("session-row").filter({ hasText: helo })).toBeVisible();

  await page.getByTestId("session-row").filter({ hasText: helo }).click();
  const detail = page.getByTestId("session-detail");
  await expect(detail.getByTestId("session-error")).toContainText("501");
  const transcript = detail.getByRole("list", { name: "SMTP transcript of the session" });
  await expect(transcript.locator('[data-direction="client"]').filter({ hasText: "RCPT TO:<bad address syntax>" })).toBeVisible();
  await expect(transcript.locator('[data-direction="server"]').filter({ hasText: "501" })).toBeVisible();
  await expect(transcript.locator('[data-direction="event"]').filter({ hasText: "connection closed" })).toBeVisible();
});
