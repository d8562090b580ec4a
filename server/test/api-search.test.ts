// GET /api/v1/search as Mailpit clients call it: bad filters are 400s, and
// `tz` says which time zone before:/after: dates are in.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ready, startTestServer, type TestServer } from "./harness.js";
import { parseDateValue } from "../src/store/search/query.js";

describe("/api/v1/search", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    const c = await ready(server.smtpPort);
    await c.command("MAIL FROM:<a@x.test>");
    await c.command("RCPT TO:<b@x.test>");
    await c.command("DATA");
    await c.command("Subject: tz\r\nX-Tags: alpha\r\n\r\nbody\r\n.");
    await c.command("QUIT");
  });
  afterAll(() => server.close());

  it("answers 400 saying what is wrong, instead of dropping the filter", async () => {
    const res = await fetch(`${server.httpUrl}/api/v1/search?query=${encodeURIComponent("before:someday subject:tz")}`);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/bad query: before:someday is not a date/);
  });

  it("reads before:/after: dates in the tz given, and refuses an unknown zone", async () => {
    // 14:00 in Tokyo is 05:00 UTC; in Los Angeles it is 22:00 or 21:00 UTC.
    expect(new Date(parseDateValue("2026-06-01 14:00", "Asia/Tokyo") ?? 0).toISOString()).toBe("2026-06-01T05:00:00.000Z");
    expect(new Date(parseDateValue("2026-01-15", "America/Los_Angeles") ?? 0).toISOString()).toBe("2026-01-15T08:00:00.000Z");
    expect(new Date(parseDateValue("2026-07-15", "America/Los_Angeles") ?? 0).toISOString()).toBe("2026-07-15T07:00:00.000Z");
    const later = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10); // midnight there is still after now, even at UTC+14
    const found = await server.getJson<{ messages_count: number; tags: string[] }>(`/api/v1/search?query=${encodeURIComponent(`before:${later}`)}&tz=Pacific/Kiritimati`);
    expect(found.messages_count).toBe(1);
    expect(found.tags).toEqual(["alpha"]);
    const bad = await fetch(`${server.httpUrl}/api/v1/search?query=tz&tz=Mars/Olympus`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/not a known time zone/);
  });
});
