// The floor for API latency on this machine: a bare node:http server, in its
// own process like Mailscope, answering every request with one canned body.
// Measured with the same client in the same loop as Mailscope, it shows how
// much of a round trip is the machine, the kernel and the client rather than
// the server under test.
import { join } from "node:path";
import { tmpdir } from "node:os";
import { mkdtemp, rm } from "node:fs/promises";
import { start, stop, type Started } from "./proc.js";

const SERVER = `
const http = require("node:http");
const body = Buffer.from(process.env.REFERENCE_BODY ?? "{}");
const server = http.createServer((req, res) => {
  res.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": body.length });
  res.end(body);
});
server.listen(0, "127.0.0.1", () => console.log("reference listening on " + server.address().port));
`;

export interface ReferenceHttp {
  base: string;
  stop(): Promise<void>;
}

/** Starts the reference server answering with `body` (use a response of the size Mailscope sends). */
export async function startReferenceHttp(body: string): Promise<ReferenceHttp> {
  const cwd = await mkdtemp(join(tmpdir(), "mailscope-reference-"));
  const p: Started = await start("reference-http", process.execPath, ["-e", SERVER], { cwd, env: { ...process.env, REFERENCE_BODY: body } });
  const deadline = Date.now() + 10_000;
  let port = 0;
  while (port === 0) {
    port = Number(/reference listening on (\d+)/.exec(p.stdout.text)?.[1] ?? 0);
    if (p.exitInfo() !== null) throw new Error(`reference server exited: ${p.stderr.text.slice(-500)}`);
    if (Date.now() > deadline) throw new Error("reference server did not start within 10 s");
    if (port === 0) await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return {
    base: `http://127.0.0.1:${port}`,
    async stop() {
      await stop(p);
      await rm(cwd, { recursive: true, force: true });
    },
  };
}
