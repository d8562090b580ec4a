import { expect, test, type Page } from "@playwright/test";
import { addFault, clearFaults, faultCount } from "../fixtures/api.js";
import { openLive } from "../fixtures/page.js";
import { SMTP_HOST, SMTP_PORT } from "../fixtures/ports.js";
import { converse } from "../fixtures/smtp.js";

const REJECT = {
  Name: "reject bad@x.test",
  Stage: "rcpt",
  Match: { Address: "bad@x.test" },
  Action: { Type: "reply", Code: 550, Enhanced: "5.1.1", Text: "No such user here" },
};

// Rules outlive a test on the shared server: start from none and leave none.
test.beforeEach(clearFaults);
test.afterEach(clearFaults);

/** The four looks the panel must hold up in, saved under test-results for review. */
async function screenshots(page: Page, name: string): Promise<void> {
  const size = page.viewportSize() ?? { width: 1280, height: 720 };
  for (const colorScheme of ["light", "dark"] as const) {
    for (const [tag, width, height] of [["desktop", 1440, 900], ["360", 360, 780]] as const) {
      await page.emulateMedia({ colorScheme });
      await page.setViewportSize({ width, height });
      await page.screenshot({ path: test.info().outputPath(`${name}-${tag}-${colorScheme}.png`) });
    }
  }
  await page.emulateMedia({ colorScheme: null });
  await page.setViewportSize(size);
}

test("the faults panel lists a rule, counts its firings live, and removes it", async ({ page }) => {
  await addFault(REJECT);
  await openLive(page, "/?view=sessions");

  const toggle = page.getByRole("button", { name: "Faults, 1 rule" });
  await expect(toggle).toHaveAttribute("aria-expanded", "false");
  await toggle.click();
  const panel = page.getByRole("complementary", { name: "Fault rules" });
  await expect(panel).toBeVisible();
  await expect(page).toHaveURL(/[?&]faults=1/);

  const rule = panel.getByRole("listitem", { name: REJECT.Name });
  await expect(rule).toContainText("RCPT TO");
  await expect(rule).toContainText("550 5.1.1");
  await expect(rule).toContainText("No such user here");
  await expect(rule).toContainText("bad@x.test");
  await expect(rule).toContainText("Always");
  await expect(rule.getByTestId("fault-fired")).toHaveText("0");

  const replies = await converse(SMTP_HOST, SMTP_PORT, ["EHLO faults.e2e.test", "MAIL FROM:<sender@e2e.test>", "RCPT TO:<bad@x.test>", "QUIT"]);
  expect(replies.map((r) => r.code)).toEqual([220, 250, 250, 550, 221]);

  // No reload: the panel polls while it is open.
  await expect(rule.getByTestId("fault-fired")).toHaveText("1");
  await screenshots(page, "faults-rule");

  await rule.getByRole("button", { name: `Remove fault rule ${REJECT.Name}` }).click();
  await expect(panel.getByTestId("faults-empty")).toBeVisible();
  await expect(panel.getByTestId("fault-rule")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Faults", exact: true })).toBeVisible();
  expect(await faultCount()).toBe(0);
  // The removed button took focus with it; the panel keeps it.
  await expect(panel.getByRole("heading", { name: "Fault rules", exact: true })).toBeFocused();
  await screenshots(page, "faults-empty");

  // Escape closes the panel and gives focus back to the button that opened it.
  await page.keyboard.press("Escape");
  await expect(panel).toBeHidden();
  await expect(page.getByRole("button", { name: "Faults", exact: true })).toBeFocused();
  // "f" opens it again from anywhere, and the URL keeps it.
  await page.keyboard.press("f");
  await expect(panel).toBeVisible();
  await expect(page).toHaveURL(/[?&]faults=1/);
});

test("remove all asks first, then clears every rule", async ({ page }) => {
  await addFault(REJECT);
  await addFault({ Stage: "mail", Action: { Type: "delay", Ms: 1500, Then: { Type: "reply", Code: 451 } }, Times: 2 });
  await openLive(page, "/?faults=1");
  const panel = page.getByRole("complementary", { name: "Fault rules" });
  await expect(panel.getByTestId("fault-rule")).toHaveCount(2);
  // A rule without a name is still listed readably, and still has a named remove button.
  const unnamed = panel.getByRole("listitem", { name: /^Rule \d+$/ });
  await expect(unnamed).toContainText("MAIL FROM");
  await expect(unnamed).toContainText("Wait 1.5 s");
  await expect(unnamed).toContainText("2 of 2 left");
  await expect(unnamed.getByRole("button", { name: /^Remove fault rule Rule \d+$/ })).toBeVisible();

  await panel.getByRole("button", { name: "Remove all" }).click();
  const confirm = page.getByRole("dialog", { name: "Remove all fault rules?" });
  await expect(confirm).toBeVisible();
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(confirm).toBeHidden();
  // Cancelled: the panel stays open with both rules.
  await expect(panel.getByTestId("fault-rule")).toHaveCount(2);
  expect(await faultCount()).toBe(2);

  await panel.getByRole("button", { name: "Remove all" }).click();
  await confirm.getByRole("button", { name: "Remove all" }).click();
  await expect(panel.getByTestId("faults-empty")).toBeVisible();
  await expect(panel.getByRole("heading", { name: "Fault rules", exact: true })).toBeFocused();
  expect(await faultCount()).toBe(0);
  await expect(page.getByRole("button", { name: "Faults", exact: true })).toBeVisible();
});
