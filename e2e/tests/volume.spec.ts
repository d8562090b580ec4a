// 10,000 stored messages: the inbox opens and scrolls. The figures are
// printed for the record, not asserted: timing belongs to benchmarks.
import { expect, test } from "@playwright/test";
import { deleteAllMessages, messageCount } from "../fixtures/api.js";
import { sendBulk } from "../fixtures/bulk.js";
import { SMTP_HOST, SMTP_PORT } from "../fixtures/ports.js";

const COUNT = 10_000;

test.describe.configure({ timeout: 120_000 });

test.afterAll(async () => {
  await deleteAllMessages();
});

test("10,000 messages: the inbox opens and scrolls to the oldest", async ({ page }) => {
  await deleteAllMessages();
  const t0 = Date.now();
  await sendBulk({
    host: SMTP_HOST,
    port: SMTP_PORT,
    count: COUNT,
    connections: 4,
    message: (i) => ({
      from: `bulk${i % 50}@e2e.test`,
      to: "inbox@e2e.test",
      data: [`From: Bulk ${i % 50} <bulk${i % 50}@e2e.test>`, "To: inbox@e2e.test", `Subject: Bulk ${String(i).padStart(5, "0")}`, "", `Body of message ${i}.`, ""].join("\r\n"),
    }),
  });
  console.log(`stored ${COUNT} messages over SMTP in ${Date.now() - t0} ms`);
  expect(await messageCount()).toBe(COUNT);

  await page.goto("/");
  const list = page.getByTestId("message-list");
  await expect(list.getByTestId("message-row").first()).toBeVisible();
  await expect(page.getByTestId("inbox-count")).toContainText("10,000 messages");
  const firstRender = await page.evaluate(() => {
    const mark = performance.getEntriesByName("mailscope:list-first-render")[0];
    return mark === undefined ? null : Math.round(mark.startTime);
  });
  expect(firstRender).not.toBeNull();
  console.log(`time to first render of the list (navigation start -> first rows painted): ${firstRender} ms`);
  // Only the rows in view are in the DOM.
  expect(await list.getByTestId("message-row").count()).toBeLessThan(60);

  // Scroll through the whole list in steps, recording the longest gap between frames.
  const longestFrame = await list.evaluate(async (el) => {
    let longest = 0;
    let last = performance.now();
    let running = true;
    const tick = (): void => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
      if (running) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    for (let step = 0; step <= 60; step++) {
      el.scrollTop = (el.scrollHeight * step) / 60;
      await new Promise((r) => setTimeout(r, 30));
    }
    running = false;
    return Math.round(longest);
  });
  console.log(`longest frame while scrolling 10,000 rows: ${longestFrame} ms`);
  // The oldest message is at the bottom once its page has loaded.
  await expect(list.getByTestId("message-row").filter({ hasText: "Bulk 00000" })).toBeVisible({ timeout: 20_000 });
});
