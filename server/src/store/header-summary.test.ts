// parseAddresses takes a regex shortcut for the common shapes; it must never disagree with the full parser.
import { expect, it } from "vitest";
import addressparser from "nodemailer/lib/addressparser";
import { decodeWords, parseAddresses } from "./header-summary.js";
const cases = ["a@b.test", "<a@b.test>", "Ann <a@b.test>", '"Ann, Lee" <a@b.test>', "Ann Lee <a@b.test>", " <a@b.test> ", "=?utf-8?q?J=C3=B6rg?= <j@b.test>", "a@b.test, c@d.test", "Ann (comment) <a@b.test>", "undisclosed-recipients:;", '"Ann \\"Q\\"" <a@b.test>', "user", "<>", "Ann <a@b.test> x"];
it("the fast path for simple addresses agrees with addressparser", () => {
  for (const c of cases) {
    const slow = addressparser(c, { flatten: true }).map((a) => ({ name: decodeWords(a.name), address: a.address }));
    expect(parseAddresses(c), c).toEqual(slow);
  }
});
