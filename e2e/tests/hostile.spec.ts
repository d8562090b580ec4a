import { expect, test, type Page } from "@playwright/test";
import { deleteAllMessages } from "../fixtures/api.js";
import { richMessage, unique } from "../fixtures/mail.js";
import { openLive, row } from "../fixtures/page.js";
import { SMTP_HOST, SMTP_PORT } from "../fixtures/ports.js";
import { sendRawMail } from "../fixtures/smtp.js";

const EVIL = "evil.e2e.example";

const HOSTILE_HTML = `<html><head>
<meta http-equiv="refresh" content="0;url=http://${EVIL}/refresh">
<link rel="stylesheet" href="http://${EVIL}/style.css">
<link rel="dns-prefetch" href="//${EVIL}">
<style>@import url("http://${EVIL}/import.css"); body { background: url(http://${EVIL}/bg.png); }
@font-face { font-family: x; src: url(https://${EVIL}/font.woff); } h1 { font-family: x; }</style>
<script>parent.document.title = "pwned"; fetch("http://${EVIL}/script");</script>
</head><body onload="fetch('http://${EVIL}/onload')">
<h1 id="hello">Hostile content</h1>
<img id="pixel" src="http://${EVIL}/pixel.gif" onerror="fetch('http://${EVIL}/onerror')">
<img src="x" onerror="parent.postMessage('pwned', '*')">
<a id="js" href="javascript:parent.document.title='pwned'">click me</a>
<a id="js2" href=" jav&#x09;ascript:alert(1)">tabbed scheme</a>
<form action="http://${EVIL}/form" method="post"><input name="q" value="1"><button id="submit">Send</button></form>
<iframe src="http://${EVIL}/frame"></iframe>
<object data="http://${EVIL}/object"></object>
<svg><script>parent.postMessage('pwned', '*')</script><image href="http://${EVIL}/svg.png" width="10" height="10"/></svg>
<video poster="http://${EVIL}/poster.png"></video>
<div id="styled" style="background-image:url('//${EVIL}/inline-bg.png')">styled</div>
</body></html>`;

/** Every request the page makes to a host other than the server under test, answered locally. */
async function trapRemote(page: Page): Promise<string[]> {
  const remote: string[] = [];
  await page.route(
    (url) => url.hostname !== "127.0.0.1",
    async (route) => {
      remote.push(route.request().url());
      await route.fulfill({ status: 204, body: "" });
    },
  );
  return remote;
}

test.beforeEach(async () => {
  await deleteAllMessages();
});

test("hostile HTML runs nothing and loads nothing remote until allowed", async ({ page }) => {
  const remote = await trapRemote(page);
  const dialogs: string[] = [];
  page.on("dialog", async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  // Record anything the preview tries to tell the app.
  await page.addInitScript(() => {
    (window as unknown as { posted: unknown[] }).posted = [];
    window.addEventListener("message", (e) => (window as unknown as { posted: unknown[] }).posted.push(e.data));
  });
  const subject = `Hostile ${unique()}`;
  await sendRawMail({
    host: SMTP_HOST,
    port: SMTP_PORT,
    from: "attacker@e2e.test",
    to: "victim@e2e.test",
    data: richMessage({ subject, from: "attacker@e2e.test", to: "victim@e2e.test", text: "plain", html: HOSTILE_HTML, fileName: "x.txt" }),
  });
  await openLive(page);
  await row(page, subject).click();
  const frame = page.frameLocator('[data-testid="html-preview"]');
  await expect(frame.locator("#hello")).toHaveText("Hostile content");
  await expect(page.getByTestId("remote-state")).toContainText("blocked");

  // Try the traps a user might spring.
  await frame.locator("#js").click();
  await frame.locator("#js2").click();
  await frame.locator("#submit").click();
  await page.waitForTimeout(1000);

  expect(remote, "no request may leave for a remote host before the user allows it").toEqual([]);
  expect(dialogs).toEqual([]);
  expect(await page.title()).not.toContain("pwned");
  expect(await page.evaluate(() => (window as unknown as { posted: unknown[] }).posted)).toEqual([]);
  expect(page.url()).toContain("127.0.0.1");
  // The preview has no script, no same-origin and no forms.
  const sandbox = await page.getByTestId("html-preview").getAttribute("sandbox");
  expect(sandbox?.split(/\s+/)).not.toContain("allow-scripts");
  expect(sandbox?.split(/\s+/)).not.toContain("allow-same-origin");
  expect(sandbox?.split(/\s+/)).not.toContain("allow-forms");

  // Allowing remote content loads images and styles, and still no script, frame or form.
  await page.getByRole("button", { name: "Load remote content" }).click();
  await expect.poll(() => remote.length).toBeGreaterThan(0);
  await page.waitForTimeout(500);
  const paths = remote.map((u) => new URL(u).pathname);
  expect(paths).toContain("/pixel.gif");
  for (const forbidden of ["/script", "/onload", "/onerror", "/frame", "/form", "/refresh", "/object"]) {
    expect(paths, `${forbidden} must never be requested`).not.toContain(forbidden);
  }
  expect(dialogs).toEqual([]);
  expect(await page.title()).not.toContain("pwned");
});

test("a subject and a file name with markup are shown as text", async ({ page }) => {
  const tag = unique();
  const subject = `<img src=x onerror=alert(1)><b>bold ${tag}</b>`;
  const fileName = `<script>alert(1)</script>${tag}.txt`;
  const dialogs: string[] = [];
  page.on("dialog", async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  await sendRawMail({
    host: SMTP_HOST,
    port: SMTP_PORT,
    from: "markup@e2e.test",
    to: "victim@e2e.test",
    data: richMessage({ subject, from: "markup@e2e.test", to: "victim@e2e.test", text: "t", html: "<p>h</p>", fileName }),
  });
  await openLive(page);
  const r = row(page, `bold ${tag}`);
  await expect(r).toContainText(subject);
  await expect(r.locator("b, img")).toHaveCount(0);
  await r.click();
  await expect(page.getByTestId("message-subject")).toHaveText(subject);
  await page.getByRole("tab", { name: "Parts" }).click();
  await expect(page.getByTestId("mime-tree")).toContainText(fileName);
  await expect(page.getByTestId("message-view").locator("script")).toHaveCount(0);
  expect(dialogs).toEqual([]);
});
