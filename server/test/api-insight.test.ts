// Sessions search and delete, a message's own transcript span, and extract.
import type { SessionsSummary, TranscriptEntry } from "@mailscope/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ready, startTestServer, type TestServer } from "./harness.js";

async function deliver(server: TestServer, body: string, helo = "EHLO insight.test"): Promise<string> {
  const c = await ready(server.smtpPort, helo);
  await c.command("MAIL FROM:<a@x.test>");
  await c.command("RCPT TO:<b@x.test>");
  await c.command("DATA");
  const r = await c.command(`${body}\r\n.`);
  await c.command("QUIT");
  return /queued as (\S+)/.exec(r.text)?.[1] ?? "";
}

describe("sessions, transcripts and extract", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it("returns only the message's own transaction from a session that carried two", async () => {
    const c = await ready(server.smtpPort, "EHLO two.test");
    const ids: string[] = [];
    for (const s of ["first", "second"]) {
      await c.command(`MAIL FROM:<${s}@x.test>`);
      await c.command("RCPT TO:<b@x.test>");
      await c.command("DATA");
      const r = await c.command(`Subject: ${s}\r\n\r\nbody\r\n.`);
      ids.push(/queued as (\S+)/.exec(r.text)?.[1] ?? "");
    }
    await c.command("QUIT");
    const span = await server.getJson<{ SessionID: string; Entries: TranscriptEntry[] }>(`/api/v1/message/${ids[1]}/transcript`);
    const texts = span.Entries.map((e) => e.Text);
    expect(texts[0]).toBe("MAIL FROM:<second@x.test>");
    expect(texts.at(-1)).toBe(`250 2.0.0 Ok: queued as ${ids[1]}`);
    expect(texts.join("\n")).not.toContain("first@x.test");
    expect(span.Entries.some((e) => e.MessageID === ids[1] && e.Direction === "client")).toBe(true);
    expect((await fetch(`${server.httpUrl}/api/v1/message/nope/transcript`)).status).toBe(404);
  });

  it("finds sessions by status, HELO and client, and rejects an unknown status", async () => {
    const c = await ready(server.smtpPort, "EHLO broken.test");
    await c.command("MAIL FROM:<a@x.test>");
    await c.command("RCPT TO:<not an address>");
    await c.command("QUIT");
    await server.lastSession();
    const failed = await server.getJson<SessionsSummary>("/api/v1/sessions?query=status:failed");
    expect(failed.sessions.map((s) => s.Helo)).toEqual(["broken.test"]);
    const ok = await server.getJson<SessionsSummary>("/api/v1/sessions?query=status:ok%20helo:two");
    expect(ok.total).toBe(1);
    const byClient = await server.getJson<SessionsSummary>("/api/v1/sessions?query=client:127.0.0.1");
    expect(byClient.total).toBe((await server.sessions()).total);
    const bad = await fetch(`${server.httpUrl}/api/v1/sessions?query=status:weird`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/status: must be one of ok, failed, open/);
  });

  it("extracts links, a one-time code and a pattern's groups", async () => {
    const id = await deliver(
      server,
      [
        "Subject: Verify your account",
        "MIME-Version: 1.0",
        'Content-Type: multipart/alternative; boundary="b"',
        "",
        "--b",
        "Content-Type: text/plain; charset=utf-8",
        "",
        "Your verification code is 482913.",
        "Open https://app.test/verify?token=t0k3n to continue.",
        "--b",
        "Content-Type: text/html; charset=utf-8",
        "",
        '<p>Your verification code is <b>482913</b>.</p><p><a href="https://app.test/verify?token=t0k3n">Verify my account</a></p>',
        "--b--",
      ].join("\r\n"),
    );
    const r = await server.getJson<{ Links: Array<{ URL: string; Text: string }>; Codes: Array<{ Code: string }>; Matches: Array<{ Groups: string[] }> }>(
      `/api/v1/message/${id}/extract?pattern=${encodeURIComponent("token=(\\w+)")}`,
    );
    expect(r.Links[0]).toMatchObject({ URL: "https://app.test/verify?token=t0k3n", Text: "Verify my account" });
    expect(r.Links).toHaveLength(1);
    expect(r.Codes.map((c) => c.Code)).toEqual(["482913"]);
    expect(r.Matches[0]?.Groups).toEqual(["t0k3n"]);
    const bad = await fetch(`${server.httpUrl}/api/v1/message/${id}/extract?pattern=${encodeURIComponent("(")}`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/not a valid regular expression/);
  });

  it("deletes closed sessions and keeps their messages", async () => {
    const before = (await server.messages()).total;
    const res = await fetch(`${server.httpUrl}/api/v1/sessions`, { method: "DELETE" });
    expect(await res.text()).toBe("ok");
    expect((await server.sessions()).total).toBe(0);
    expect((await server.messages()).total).toBe(before);
  });
});

describe("`latest` with a query on our message routes", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    for (const s of ["alpha one", "beta two"]) await deliver(server, `Subject: ${s}\r\n\r\nbody ${s}\r\n`);
  });
  afterAll(() => server.close());

  it("picks the newest message matching the query for raw, transcript and extract", async () => {
    expect(await (await fetch(`${server.httpUrl}/api/v1/message/latest/raw`)).text()).toContain("Subject: beta two");
    expect(await (await fetch(`${server.httpUrl}/api/v1/message/latest/raw?query=subject:alpha`)).text()).toContain("Subject: alpha one");
    const span = await server.getJson<{ ID: string }>("/api/v1/message/latest/transcript?query=subject:alpha");
    const extract = await server.getJson<{ ID: string }>("/api/v1/message/latest/extract?query=subject:alpha");
    expect(extract.ID).toBe(span.ID);
    const none = await fetch(`${server.httpUrl}/api/v1/message/latest/raw?query=subject:gamma`);
    expect(none.status).toBe(404);
    const bad = await fetch(`${server.httpUrl}/api/v1/message/latest/raw?query=before:never`);
    expect(bad.status).toBe(400);
  });
});
