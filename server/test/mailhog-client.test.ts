// The npm `mailhog` client (4.16.0), unchanged, against Mailscope: every
// method it offers. Release goes to Postfix's smtp-sink (which dumps what it
// receives) and, for AUTH, to a scripted relay that checks the credentials.
import { spawn, type ChildProcess } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import { chmod, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { createServer as createHttpServer } from "node:http";
import { createServer, type AddressInfo, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import mailhog from "mailhog";
import { createTransport } from "nodemailer";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ready, sleep, startTestServer, type TestServer } from "./harness.js";

const ATTACHMENT = Buffer.from([0, 1, 2, 3, 250, 251, 252, 253, 254, 255]);

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

/** Postfix's smtp-sink on 127.0.0.1, dumping each transaction into its own file. */
class Sink {
  private constructor(
    readonly child: ChildProcess,
    readonly port: number,
    readonly dir: string,
  ) {}

  static async start(): Promise<Sink> {
    const dir = await mkdtemp(join(tmpdir(), "mailhog-sink-"));
    await chmod(dir, 0o777); // smtp-sink writes as nobody when we are root
    for (let attempt = 0; attempt < 3; attempt++) {
      const port = await freePort();
      const root = process.getuid?.() === 0 ? ["-u", "nobody"] : [];
      const child = spawn("/usr/sbin/smtp-sink", [...root, "-d", `${dir}/%M.`, `127.0.0.1:${port}`, "10"], { stdio: "ignore" });
      for (let i = 0; i < 100 && child.exitCode === null; i++) {
        const up = await new Promise<boolean>((resolve) => {
          const probe = createServer().once("error", () => resolve(true));
          probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(false)));
        });
        if (up) return new Sink(child, port, dir);
        await sleep(20);
      }
      child.kill();
    }
    throw new Error("smtp-sink did not start");
  }

  /** The transactions dumped so far: envelope lines and the message (LF line ends, as smtp-sink writes). */
  async dumps(): Promise<Array<{ mailArgs: string; rcptArgs: string[]; message: string }>> {
    const out = [];
    for (const name of (await readdir(this.dir)).sort()) {
      const text = await readFile(join(this.dir, name), "utf8");
      const lines = text.split("\n");
      const received = lines.findIndex((l) => l.startsWith("Received: "));
      out.push({
        mailArgs: lines.find((l) => l.startsWith("X-Mail-Args: "))?.slice(13) ?? "",
        rcptArgs: lines.filter((l) => l.startsWith("X-Rcpt-Args: ")).map((l) => l.slice(13)),
        // Received takes three lines; the dump ends with one empty line of its own.
        message: lines.slice(received + 3).join("\n").replace(/\n$/, ""),
      });
    }
    return out;
  }

  async stop(): Promise<void> {
    this.child.kill();
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** A relay that offers AUTH without STARTTLS and records what the client proved. */
async function scriptedRelay(password: string): Promise<{ server: Server; port: number; auths: string[] }> {
  const auths: string[] = [];
  const server = createServer((socket) => {
    let buffer = "";
    let state: "command" | "data" | "plain" | "login-user" | "login-pass" | "cram" = "command";
    let challenge = "";
    let user = "";
    const reply = (line: string): boolean => socket.write(`${line}\r\n`);
    socket.on("error", () => {});
    reply("220 relay.test ESMTP");
    socket.on("data", (d: Buffer) => {
      buffer += d.toString("latin1");
      for (;;) {
        if (state === "data") {
          const end = buffer.indexOf("\r\n.\r\n");
          if (end < 0) return;
          buffer = buffer.slice(end + 5);
          state = "command";
          reply("250 queued");
          continue;
        }
        const nl = buffer.indexOf("\r\n");
        if (nl < 0) return;
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 2);
        const decoded = (): string => Buffer.from(line, "base64").toString("utf8");
        if (state === "plain") {
          const [, u = "", p = ""] = decoded().split("\0");
          auths.push(`PLAIN ${u} ${p === password ? "ok" : "bad"}`);
          state = "command";
          reply("235 ok");
        } else if (state === "login-user") {
          user = decoded();
          state = "login-pass";
          reply("334 UGFzc3dvcmQ6");
        } else if (state === "login-pass") {
          auths.push(`LOGIN ${user} ${decoded() === password ? "ok" : "bad"}`);
          state = "command";
          reply("235 ok");
        } else if (state === "cram") {
          const [u = "", digest = ""] = decoded().split(" ");
          auths.push(`CRAM-MD5 ${u} ${digest === createHmac("md5", password).update(challenge).digest("hex") ? "ok" : "bad"}`);
          state = "command";
          reply("235 ok");
        } else {
          const verb = line.split(" ")[0]?.toUpperCase() ?? "";
          if (verb === "EHLO") reply("250-relay.test\r\n250 AUTH PLAIN LOGIN CRAM-MD5");
          else if (line.toUpperCase() === "AUTH PLAIN") (state = "plain"), reply("334 ");
          else if (line.toUpperCase().startsWith("AUTH PLAIN ")) {
            const [, u = "", p = ""] = Buffer.from(line.slice(11), "base64").toString("utf8").split("\0");
            auths.push(`PLAIN ${u} ${p === password ? "ok" : "bad"}`);
            reply("235 ok");
          } else if (line.toUpperCase() === "AUTH LOGIN") (state = "login-user"), reply("334 VXNlcm5hbWU6");
          else if (line.toUpperCase() === "AUTH CRAM-MD5") {
            challenge = `<${randomBytes(8).toString("hex")}@relay.test>`;
            state = "cram";
            reply(`334 ${Buffer.from(challenge).toString("base64")}`);
          } else if (verb === "DATA") (state = "data"), reply("354 go on");
          else if (verb === "QUIT") reply("221 bye"), socket.end();
          else reply("250 ok");
        }
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { server, port: (server.address() as AddressInfo).port, auths };
}

describe("the npm mailhog client", () => {
  let server: TestServer;
  let client: ReturnType<typeof mailhog>;
  let sink: Sink;

  beforeAll(async () => {
    server = await startTestServer();
    client = mailhog({ host: "127.0.0.1", port: server.httpAddress.port });
    sink = await Sink.start();
  });
  afterAll(async () => {
    await sink.stop();
    await server.close();
  });
  beforeEach(async () => {
    await fetch(`${server.httpUrl}/api/v1/messages`, { method: "DELETE" });
  });

  const mailer = (): ReturnType<typeof createTransport> =>
    createTransport({ host: "127.0.0.1", port: server.smtpPort, secure: false, ignoreTLS: true, name: "nodemailer.test" });

  /** Three messages: plain, alternative (text + html, encoded subject), mixed with an attachment. */
  async function sendThree(): Promise<void> {
    const t = mailer();
    await t.sendMail({ envelope: { from: "bounce@app.test", to: ["ann@example.test"] }, from: "App <app@app.test>", to: "ann@example.test", subject: "plain one", text: "Hello Ann, your code is 123456." });
    await t.sendMail({
      from: "News <news@app.test>",
      to: "bob@example.test",
      cc: "carol@example.test",
      bcc: "dave@example.test",
      replyTo: "reply@app.test",
      subject: "Grüße ✓",
      text: "Grüße aus Köln",
      html: "<p>Grüße aus <b>Köln</b></p>",
      date: new Date("2024-03-01T10:00:00Z"),
    });
    await t.sendMail({
      from: "App <app@app.test>",
      to: "ann@example.test",
      subject: "with attachment",
      text: "see attached",
      attachments: [{ filename: "data.bin", content: ATTACHMENT, contentType: "application/octet-stream" }],
    });
    t.close();
  }

  it("messages(): newest first, decoded headers, text, html, dates, attachments, paging", async () => {
    await sendThree();
    const all = await client.messages();
    expect(all).toMatchObject({ total: 3, count: 3, start: 0 });
    const [attached, alternative, plain] = all?.items ?? [];
    expect([attached?.subject, alternative?.subject, plain?.subject]).toEqual(["with attachment", "Grüße ✓", "plain one"]);

    expect(plain?.text).toBe("Hello Ann, your code is 123456.");
    expect(plain?.from).toBe("App <app@app.test>");
    expect(plain?.to).toBe("ann@example.test");

    expect(alternative?.text).toBe("Grüße aus Köln");
    expect(alternative?.html).toBe("<p>Grüße aus <b>Köln</b></p>");
    expect(alternative?.cc).toBe("carol@example.test");
    expect(alternative?.bcc).toBeUndefined(); // Bcc is not a header; dave is in the envelope only
    expect(alternative?.replyTo).toBe("reply@app.test");
    expect(alternative?.date.toISOString()).toBe("2024-03-01T10:00:00.000Z");
    expect(Math.abs((alternative?.deliveryDate.getTime() ?? 0) - Date.now())).toBeLessThan(60_000);

    const files = attached?.attachments ?? [];
    expect(files.map((a) => [a.name, a.type, a.encoding])).toEqual([["data.bin", "application/octet-stream; name=data.bin", "base64"]]); // headers as written
    expect(Buffer.from(client.decode(files[0]?.Body ?? "", "base64", "latin1"), "latin1").equals(ATTACHMENT)).toBe(true);

    const second = await client.messages(1, 1);
    expect(second).toMatchObject({ total: 3, count: 1, start: 1 });
    expect(second?.items[0]?.subject).toBe("Grüße ✓");
  });

  it("search() in every kind, with start and limit", async () => {
    await sendThree();
    const subjects = async (query: string, kind?: string, start?: number, limit?: number): Promise<Array<string | undefined>> =>
      ((await client.search(query, kind, start, limit))?.items ?? []).map((m) => m.subject);
    expect(await subjects("app@app.test", "from")).toEqual(["with attachment", "plain one"]);
    expect(await subjects("bounce@app.test", "from")).toEqual(["plain one"]); // the envelope sender counts too
    expect(await subjects("ann@example.test", "to")).toEqual(["with attachment", "plain one"]);
    expect(await subjects("dave@example.test", "to")).toEqual(["Grüße ✓"]); // Bcc: envelope only
    expect(await subjects("aus Köln", "containing")).toEqual(["Grüße ✓"]);
    expect(await subjects("123456")).toEqual(["plain one"]); // kind defaults to containing
    expect(await subjects("app@app.test", "from", 1, 1)).toEqual(["plain one"]);
    const none = await client.search("nobody-at-all@nowhere.test", "to");
    expect(none).toMatchObject({ total: 0, count: 0, items: [] });
  });

  it("latestFrom(), latestTo(), latestContaining()", async () => {
    await sendThree();
    expect((await client.latestFrom("app@app.test"))?.subject).toBe("with attachment");
    expect((await client.latestFrom("news@app.test"))?.subject).toBe("Grüße ✓");
    expect((await client.latestTo("ann@example.test"))?.subject).toBe("with attachment");
    expect((await client.latestTo("carol@example.test"))?.subject).toBe("Grüße ✓");
    expect((await client.latestContaining("your code is"))?.text).toBe("Hello Ann, your code is 123456.");
    // The client's "no match" is a falsy count.
    expect(await client.latestContaining("not in any message")).toBeFalsy();
  });

  it("deleteMessage(): resolves with the response, 200 then 404", async () => {
    await sendThree();
    const victim = (await client.latestContaining("123456"))?.ID ?? "";
    const res = await client.deleteMessage(victim);
    expect(res.statusCode).toBe(200);
    expect((await client.messages())?.items.map((m) => m.ID)).not.toContain(victim);
    expect((await client.messages())?.total).toBe(2);
    expect((await client.deleteMessage(victim)).statusCode).toBe(404);
  });

  it("deleteAll(): resolves with the response, and Mailpit clients still get ok", async () => {
    await sendThree();
    const res = await client.deleteAll();
    expect(res.statusCode).toBe(200);
    expect((await client.messages())?.total).toBe(0);
    await sendThree();
    const mailpitStyle = await fetch(`${server.httpUrl}/api/v1/messages`, { method: "DELETE" });
    expect(await mailpitStyle.text()).toBe("ok");
    expect((await client.messages())?.total).toBe(0);
  });

  it("(why the DELETE answer matters: this client rejects a body that is not JSON)", async () => {
    const okServer = createHttpServer((_req, res) => res.end("ok"));
    await new Promise<void>((r) => okServer.listen(0, "127.0.0.1", r));
    const plain = mailhog({ host: "127.0.0.1", port: (okServer.address() as AddressInfo).port });
    await expect(plain.deleteAll()).rejects.toThrow(SyntaxError);
    await new Promise((r) => okServer.close(r));
  });

  it("encode() and decode() round-trip what our parts carry", async () => {
    const qp = client.encode("Grüße = 100 %", "quoted-printable");
    expect(qp).toBe("Gr=C3=BC=C3=9Fe =3D 100 %");
    expect(client.decode(qp, "quoted-printable")).toBe("Grüße = 100 %");
    expect(client.decode(client.encode("Grüße", "base64", "iso-8859-1"), "base64", "iso-8859-1")).toBe("Grüße");
    await mailer().sendMail({ from: "a@app.test", to: "b@example.test", subject: "qp", text: `${"Grüße ".repeat(20)}end` });
    const m = await client.latestContaining("end");
    // The client's typings leave out Content, which it reads at run time.
    const body: unknown = (m as { Content?: { Body?: unknown } } | null)?.Content?.Body;
    const encoded = typeof body === "string" ? body : "";
    expect(encoded).toContain("=C3=BC"); // Body is as sent: the client decodes
    expect(client.decode(encoded, "quoted-printable")).toBe(`${"Grüße ".repeat(20)}end`);
  });

  describe("releaseMessage()", () => {
    it("relays the message as received to smtp-sink, for the given recipient", async () => {
      await sendThree();
      const m = await client.latestContaining("123456");
      const raw = await server.raw(m?.ID ?? "");
      const res = await client.releaseMessage(m?.ID ?? "", { host: "127.0.0.1", port: String(sink.port), email: "released@relay.test" });
      expect(res.statusCode).toBe(200);
      let dumps = await sink.dumps();
      for (let i = 0; i < 50 && dumps.length === 0; i++) (await sleep(20), (dumps = await sink.dumps()));
      expect(dumps).toHaveLength(1);
      expect(dumps[0]?.mailArgs).toBe("<bounce@app.test>");
      expect(dumps[0]?.rcptArgs).toEqual(["<released@relay.test>"]);
      expect(dumps[0]?.message).toBe(raw.replace(/\r\n/g, "\n"));
    });

    for (const mechanism of ["PLAIN", "CRAM-MD5", "CRAMMD5", "LOGIN"]) {
      it(`authenticates with ${mechanism}`, async () => {
        await sendThree();
        const relay = await scriptedRelay("s3cret");
        try {
          const id = (await client.latestContaining("123456"))?.ID ?? "";
          const res = await client.releaseMessage(id, { host: "127.0.0.1", port: String(relay.port), email: "x@relay.test", username: "joe", password: "s3cret", mechanism });
          expect(res.statusCode).toBe(200);
          expect(relay.auths).toEqual([`${mechanism === "CRAMMD5" ? "CRAM-MD5" : mechanism} joe ok`]);
        } finally {
          await new Promise((r) => relay.server.close(r));
        }
      });
    }

    it("answers 500 with the reason when the relay cannot be reached, 404 for an unknown ID", async () => {
      await sendThree();
      const id = (await client.latestContaining("123456"))?.ID ?? "";
      const closed = await freePort();
      const res = await client.releaseMessage(id, { host: "127.0.0.1", port: String(closed), email: "x@relay.test" });
      expect(res.statusCode).toBe(500);
      expect(String(res.headers["x-mailscope-error"])).toMatch(/release failed: .*ECONNREFUSED/);
      expect((await client.releaseMessage("no-such-id", { host: "127.0.0.1", port: String(sink.port), email: "x@relay.test" })).statusCode).toBe(404);
    });

    it("reads MailHog's own spelling and a numeric Port, and refuses bad bodies with 400", async () => {
      await sendThree();
      const id = (await client.latestContaining("123456"))?.ID ?? "";
      const post = (body: string, type?: string): Promise<Response> =>
        fetch(`${server.httpUrl}/api/v1/messages/${id}/release`, { method: "POST", body, ...(type === undefined ? {} : { headers: { "content-type": type } }) });
      expect((await post(JSON.stringify({ Host: "127.0.0.1", Port: sink.port, Email: "caps@relay.test" }), "application/json")).status).toBe(200);
      for (const bad of ["{}", "not json", JSON.stringify({ Host: "127.0.0.1", Port: "99999", Email: "x@relay.test" }), JSON.stringify({ Host: "127.0.0.1", Port: "25", Email: "x@relay.test", Username: "u", Mechanism: "GSSAPI" })]) {
        const res = await post(bad);
        expect(res.status, bad).toBe(400);
        expect(await res.text(), bad).toBe("");
        expect(res.headers.get("x-mailscope-error"), bad).toMatch(/\w/);
      }
      let dumps = await sink.dumps();
      for (let i = 0; i < 50 && !dumps.some((d) => d.rcptArgs[0] === "<caps@relay.test>"); i++) (await sleep(20), (dumps = await sink.dumps()));
      expect(dumps.map((d) => d.rcptArgs[0])).toContain("<caps@relay.test>");
    });
  });

  it("latestFrom() finds a message with no From header by its envelope sender", async () => {
    const c = await ready(server.smtpPort, "EHLO hand.test");
    await c.command("MAIL FROM:<hand@app.test>");
    await c.command("RCPT TO:<ann@example.test>");
    await c.command("DATA");
    await c.command("Subject: by hand\r\n\r\nhi\r\n.");
    await c.command("QUIT");
    const m = await client.latestFrom("hand@app.test");
    expect(m?.subject).toBe("by hand");
  });
});
