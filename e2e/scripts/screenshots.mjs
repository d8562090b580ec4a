// Dev helper (not a test): screenshots of a running Mailscope for review.
// node e2e/scripts/screenshots.mjs <baseURL> <outdir>   (ONLY=inbox,html,... to pick views)
import { chromium } from "@playwright/test";
const [base = "http://127.0.0.1:8599", out = "/tmp/shots"] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
const res = await fetch(`${base}/api/v1/messages`).then((r) => r.json());
const html = res.messages.find((m) => m.Subject.includes("shipped"))?.ID ?? res.messages[0].ID;
const ses = await fetch(`${base}/api/v1/sessions`).then((r) => r.json());
const failed = ses.sessions.find((s) => s.Error !== "")?.ID ?? ses.sessions[0].ID;
const shots = [
  ["inbox", "/"],
  ["html", `/?m=${html}`],
  ["transcript", `/?m=${html}&tab=transcript`],
  ["headers", `/?m=${html}&tab=headers`],
  ["parts", `/?m=${html}&tab=parts`],
  ["checks", `/?m=${html}&tab=checks`],
  ["sessions", `/?view=sessions&s=${failed}`],
];
const only = process.env.ONLY?.split(",");
for (const scheme of ["light", "dark"]) {
  for (const [w, h, tag] of [[1440, 900, "desk"], [360, 780, "m"]]) {
    const ctx = await browser.newContext({ viewport: { width: w, height: h }, colorScheme: scheme, deviceScaleFactor: 1 });
    const page = await ctx.newPage();
    page.on("console", (m) => { if (m.type() === "error") console.log("console:", m.text()); });
    for (const [name, path] of shots) {
      if (only && !only.includes(name)) continue;
      await page.goto(base + path);
      await page.waitForTimeout(700);
      await page.screenshot({ path: `${out}/${name}-${tag}-${scheme}.png` });
    }
    await ctx.close();
  }
}
await browser.close();
