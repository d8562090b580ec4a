import { describe, expect, it } from "vitest";
import { rewriteHeaders } from "../relay/rewrite.js";
import { parseAnswer } from "./spamassassin.js";

const REPORT = [
  "SPAMD/1.1 0 EX_OK",
  "Content-length: 300",
  "Spam: True ; 7.5 / 5.0",
  "",
  "Spam detection software, running on the system \"x\",",
  "Content analysis details:   (7.5 points, 5.0 required)",
  "",
  " pts rule name              description",
  "---- ---------------------- --------------------------------------------------",
  " 2.7 MISSING_DATE           Missing Date: header",
  "-0.1 DKIM_VALID             Message has at least one valid DKIM or DK",
  "                            signature",
  " 4.9 FOO                    Foo",
  "",
].join("\r\n");

describe("spamd answers", () => {
  it("reads the score, the verdict and the rules with their continued descriptions", () => {
    expect(parseAnswer(REPORT)).toEqual({
      Error: "",
      IsSpam: true,
      Score: 7.5,
      Rules: [
        { Score: 2.7, Name: "MISSING_DATE", Description: "Missing Date: header" },
        { Score: -0.1, Name: "DKIM_VALID", Description: "Message has at least one valid DKIM or DK signature" },
        { Score: 4.9, Name: "FOO", Description: "Foo" },
      ],
    });
  });

  it("reports a refusal or nonsense in Error", () => {
    expect(parseAnswer("SPAMD/1.0 76 Bad header line: x\r\n\r\n").Error).toBe("spamd: Bad header line: x (76)");
    expect(parseAnswer("HTTP/1.1 200 OK\r\n\r\n").Error).toMatch(/^spamd answered/);
    expect(parseAnswer("SPAMD/1.1 0 EX_OK\r\n\r\n").Error).toBe("spamd answer has no Spam: line");
  });
});

describe("release header edits", () => {
  it("removes fields with their folded lines, sets fields first, keeps the body bytes", () => {
    const raw = Buffer.from("From: a@x.test\r\nBcc: b@x.test,\r\n c@x.test\r\nMessage-ID: <old@x>\r\nSubject: s\r\n\r\nbody\xff\r\n", "latin1");
    const out = rewriteHeaders(raw, ["bcc"], [["Message-ID", "<new@y>"]]).toString("latin1");
    expect(out).toBe("Message-ID: <new@y>\r\nFrom: a@x.test\r\nSubject: s\r\n\r\nbody\xff\r\n");
  });
});
