import { expect, test } from "@playwright/test";
import { SMTP_HOST, SMTP_PORT } from "../fixtures/ports.js";
import { sendRawMail } from "../fixtures/smtp.js";

test("placeholder page shows the live message count", async ({ page }, testInfo) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Mailscope" })).toBeVisible();

  const count = page.getByTestId("message-count");
  await expect(count).toHaveText(/^\d+$/);
  // Other tests may have sent mail to the same server, so compare with what
  // the page showed rather than assuming an empty inbox.
  const before = Number.parseInt(await count.innerText(), 10);

  await sendRawMail({
    host: SMTP_HOST,
    port: SMTP_PORT,
    from: "sender@e2e.test",
    to: "recipient@e2e.test",
    data: [
      "From: Sender <sender@e2e.test>",
      "To: Recipient <recipient@e2e.test>",
      "Subject: Placeholder e2e",
      `Message-ID: <placeholder-${Date.now()}@e2e.test>`,
      "",
      "Hello from the placeholder test.",
      ".A line starting with a dot, to check dot-stuffing.",
      "",
    ].join("\r\n"),
  });

  // The page polls every 2 s; the expect timeout (10 s) covers a few rounds.
  await expect(count).toHaveText(String(before + 1));

  await page.screenshot({ path: testInfo.outputPath("placeholder.png"), fullPage: true });
});
