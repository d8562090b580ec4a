import { expect, test } from "@playwright/test";
import { deleteAllMessages, messageId, setTags } from "../fixtures/api.js";
import { sendText, unique } from "../fixtures/mail.js";
import { openLive, row } from "../fixtures/page.js";

test.beforeEach(async () => {
  await deleteAllMessages();
});

test("a message sent over SMTP appears in the open inbox without a reload", async ({ page }) => {
  await openLive(page);
  await expect(page.getByTestId("empty-inbox")).toBeVisible();
  const subject = `Live arrival ${unique()}`;
  let reloaded = false;
  page.on("framenavigated", (f) => {
    if (f === page.mainFrame()) reloaded = true;
  });
  await sendText({ subject, from: "live@e2e.test" });
  await expect(row(page, subject)).toBeVisible();
  await expect(row(page, subject).locator(".msg-from")).toHaveAttribute("title", "live@e2e.test");
  await expect(page.getByTestId("inbox-count")).toContainText("1 message");
  expect(reloaded).toBe(false);
});

test("search narrows the list and shows the count of matches", async ({ page }) => {
  const tag = unique();
  await sendText({ subject: `Alpha ${tag}` });
  await sendText({ subject: `Beta ${tag}` });
  await sendText({ subject: `Gamma ${tag}` });
  await openLive(page);
  await expect(page.getByTestId("message-row")).toHaveCount(3);
  await page.keyboard.press("/");
  await expect(page.getByRole("searchbox", { name: "Search messages" })).toBeFocused();
  await page.keyboard.type(`subject:beta`);
  await expect(page.getByTestId("message-row")).toHaveCount(1);
  await expect(row(page, `Beta ${tag}`)).toBeVisible();
  await expect(page.getByTestId("inbox-count")).toContainText("1 match");
  expect(page.url()).toContain("q=subject%3Abeta");
  // The search is in the URL: a reload keeps it.
  await page.reload();
  await expect(page.getByTestId("message-row")).toHaveCount(1);
});

test("tags show in the list and the message, follow the API live, and lead to their messages", async ({ page }) => {
  const tag = unique();
  const tagged = `Tagged ${tag}`;
  const plain = `Plain ${tag}`;
  await sendText({ subject: tagged, tags: `orders, urgent-${tag}` });
  await sendText({ subject: plain });
  await openLive(page);

  const taggedRow = row(page, tagged);
  await expect(taggedRow.getByTestId("tag")).toHaveText(["orders", `urgent-${tag}`]);
  await expect(row(page, plain).getByTestId("tag")).toHaveCount(0);

  // Set through the API (as a CI job might): the open list follows the feed.
  await setTags([await messageId(plain)], ["needs review"]);
  await expect(row(page, plain).getByTestId("tag")).toHaveText(["needs review"]);

  await taggedRow.click();
  const view = page.getByTestId("message-view");
  await view.getByRole("button", { name: `urgent-${tag}` }).click();
  await expect(page.getByRole("searchbox", { name: "Search messages" })).toHaveValue(`tag:urgent-${tag}`);
  await expect(page.getByTestId("message-row")).toHaveCount(1);
  await expect(taggedRow).toBeVisible();

  // A tag with a space is searched as a phrase.
  await page.getByRole("searchbox", { name: "Search messages" }).fill("");
  await row(page, plain).click();
  await page.getByTestId("message-view").getByRole("button", { name: "needs review" }).click();
  await expect(page.getByRole("searchbox", { name: "Search messages" })).toHaveValue('tag:"needs review"');
  await expect(page.getByTestId("message-row")).toHaveCount(1);
  await expect(row(page, plain)).toBeVisible();
});

test("delete one message, then delete all with confirmation", async ({ page }) => {
  const tag = unique();
  await sendText({ subject: `Keep ${tag}` });
  await sendText({ subject: `Drop ${tag}` });
  await openLive(page);
  await row(page, `Drop ${tag}`).click();
  await expect(page.getByTestId("message-subject")).toHaveText(`Drop ${tag}`);
  await page.getByRole("button", { name: "Delete", exact: true }).click();
  await expect(row(page, `Drop ${tag}`)).toHaveCount(0);
  await expect(row(page, `Keep ${tag}`)).toBeVisible();

  await page.getByRole("button", { name: "Delete all messages" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete all messages?" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(row(page, `Keep ${tag}`)).toBeVisible();

  await page.getByRole("button", { name: "Delete all messages" }).click();
  await dialog.getByRole("button", { name: "Delete all" }).click();
  await expect(page.getByTestId("empty-inbox")).toBeVisible();
  const res = await page.request.get("/api/v1/messages");
  expect(((await res.json()) as { total: number }).total).toBe(0);
});

test("the keyboard moves the selection, opens and deletes", async ({ page }) => {
  const tag = unique();
  for (const n of ["one", "two", "three"]) await sendText({ subject: `Key ${n} ${tag}` });
  await openLive(page);
  const rows = page.getByTestId("message-row");
  await expect(rows).toHaveCount(3);
  // Newest first: three, two, one.
  await page.keyboard.press("j");
  await expect(rows.nth(0)).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("j");
  await expect(rows.nth(1)).toHaveAttribute("aria-selected", "true");
  await expect(rows.nth(0)).toHaveAttribute("aria-selected", "false");
  await page.keyboard.press("ArrowDown");
  await expect(rows.nth(2)).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("k");
  await expect(rows.nth(1)).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("message-subject")).toHaveText(`Key two ${tag}`);
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("message-view")).toHaveCount(0);
  await page.keyboard.press("Delete");
  await expect(row(page, `Key two ${tag}`)).toHaveCount(0);
  await expect(rows).toHaveCount(2);
  await page.keyboard.press("?");
  await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeVisible();
});

test("the dark theme follows the system and the switch", async ({ browser }) => {
  const dark = await browser.newContext({ colorScheme: "dark" });
  const page = await dark.newPage();
  await page.goto("/");
  const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(await bg()).toBe("rgb(14, 17, 22)");
  await dark.close();

  const light = await browser.newContext({ colorScheme: "light" });
  const p2 = await light.newPage();
  await p2.goto("/");
  const bg2 = () => p2.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(await bg2()).toBe("rgb(245, 246, 248)");
  // system -> light -> dark
  await p2.getByTestId("theme-switch").click();
  await p2.getByTestId("theme-switch").click();
  await expect(p2.getByTestId("theme-switch")).toHaveAttribute("data-theme-choice", "dark");
  expect(await bg2()).toBe("rgb(14, 17, 22)");
  // The choice survives a reload.
  await p2.reload();
  expect(await bg2()).toBe("rgb(14, 17, 22)");
  await light.close();
});
