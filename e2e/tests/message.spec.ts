import { expect, test } from "@playwright/test";
import { deleteAllMessages } from "../fixtures/api.js";
import { sendRich, unique } from "../fixtures/mail.js";
import { openLive, row } from "../fixtures/page.js";

test.beforeEach(async () => {
  await deleteAllMessages();
});

test("opening a message shows each tab with the right content", async ({ page }) => {
  const tag = unique();
  const subject = `Tabs ${tag}`;
  await sendRich({
    subject,
    from: "tabs@e2e.test",
    to: "reader@e2e.test",
    text: `Plain body ${tag}`,
    html: `<h1 id="greeting">HTML body ${tag}</h1><p><img id="logo" src="cid:logo@e2e.test" alt="logo"></p>`,
    fileName: `report-${tag}.txt`,
  });
  await openLive(page);
  await row(page, subject).click();
  const view = page.getByTestId("message-view");
  await expect(view.getByTestId("message-subject")).toHaveText(subject);
  await expect(view.getByTestId("envelope")).toContainText("tabs@e2e.test");
  await expect(view.getByTestId("envelope")).toContainText("reader@e2e.test");

  // HTML, with the inline image served from the message's parts.
  const frame = page.frameLocator('[data-testid="html-preview"]');
  await expect(frame.locator("#greeting")).toHaveText(`HTML body ${tag}`);
  await expect(frame.locator("#logo")).toHaveAttribute("src", /\/api\/v1\/message\/[^/]+\/part\//);
  await expect.poll(() => frame.locator("#logo").evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);

  await view.getByRole("tab", { name: "Text" }).click();
  await expect(view.getByTestId("text-body")).toContainText(`Plain body ${tag}`);
  expect(page.url()).toContain("tab=text");

  await view.getByRole("tab", { name: "Headers" }).click();
  const headers = view.getByTestId("headers-table");
  await expect(headers.getByRole("row").filter({ hasText: "Subject" })).toContainText(subject);
  await expect(headers.getByRole("row").first()).toContainText("From");

  await view.getByRole("tab", { name: "Source" }).click();
  await expect(view.getByTestId("source-body")).toContainText("Content-Type: multipart/mixed");
  const download = view.getByRole("link", { name: /Download \.eml/ });
  await expect(download).toHaveAttribute("href", /\/raw$/);
  await expect(download).toHaveAttribute("download", /\.eml$/);

  await view.getByRole("tab", { name: "Parts" }).click();
  await expect(view.getByTestId("part-card").filter({ hasText: `report-${tag}.txt` })).toBeVisible();
  await expect(view.getByTestId("mime-tree")).toContainText("multipart/alternative");
  await expect(view.getByRole("link", { name: `Download report-${tag}.txt` })).toHaveAttribute("href", /\/part\//);

  await view.getByRole("tab", { name: "Transcript" }).click();
  const transcript = view.getByRole("list", { name: "SMTP transcript of this message" });
  const client = transcript.locator('[data-direction="client"]');
  const server = transcript.locator('[data-direction="server"]');
  await expect(client.filter({ hasText: "MAIL FROM:<tabs@e2e.test>" })).toBeVisible();
  await expect(client.filter({ hasText: "RCPT TO:<reader@e2e.test>" })).toBeVisible();
  await expect(client.locator(".wire").filter({ hasText: /^DATA$/ })).toBeVisible();
  await expect(client.filter({ hasText: "Message data" })).toBeVisible();
  await expect(server.filter({ hasText: "250 2.1.0" })).toBeVisible();
  await expect(server.filter({ hasText: "250 2.1.5" })).toBeVisible();
  await expect(server.filter({ hasText: "354" })).toBeVisible();
  await expect(server.filter({ hasText: "queued as" })).toBeVisible();
  // Each step shows the time since the one before it.
  await expect(transcript.locator(".tx-time").nth(1)).toHaveText(/^\+[\d.]+ m?s$/);
  await view.getByRole("link", { name: "Whole session" }).click();
  await expect(page.getByTestId("session-detail")).toBeVisible();
  await expect(page.getByTestId("session-detail").locator('[data-direction="client"]').filter({ hasText: "EHLO e2e.test" })).toBeVisible();
});
