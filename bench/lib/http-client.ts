// A minimal keep-alive HTTP/1.1 GET client for latency figures. `fetch` (undici)
// adds its own scheduling, promise chains and allocation to every round trip:
// on this machine its p95 to a server that does no work was 2.6 ms, so it
// measured the client more than the server. This one writes a prepared
// request on one open socket and stops the clock when the body's last byte
// has arrived; decoding the body happens after the clock stops.
import { connect, type Socket } from "node:net";

export interface TimedResponse {
  status: number;
  /** From writing the request to the body's last byte. */
  ms: number;
  /** `performance.now()` when the body's last byte arrived. */
  at: number;
  body: Buffer;
}

export interface KeepAliveClient {
  get(path: string): Promise<TimedResponse>;
  close(): void;
}

interface Pending {
  started: number;
  resolve(r: TimedResponse): void;
  reject(e: Error): void;
}

/** Opens one connection to `host:port`; requests go one at a time over it. */
export async function keepAliveClient(host: string, port: number): Promise<KeepAliveClient> {
  const socket: Socket = connect(port, host);
  socket.setNoDelay(true);
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("error", reject);
  });
  let pending: Pending | null = null;
  let chunks: Buffer[] = [];
  let received = 0;
  socket.on("error", (err) => pending?.reject(err));
  socket.on("close", () => pending?.reject(new Error("connection closed mid-response")));
  socket.on("data", (chunk: Buffer) => {
    if (pending === null) return;
    chunks.push(chunk);
    received += chunk.length;
    const all = chunks.length === 1 ? chunk : Buffer.concat(chunks, received);
    const headEnd = all.indexOf("\r\n\r\n");
    if (headEnd < 0) return;
    const head = all.toString("latin1", 0, headEnd);
    const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? NaN);
    if (Number.isNaN(length)) return finish(new Error(`no content-length in response: ${head.slice(0, 200)}`));
    if (all.length < headEnd + 4 + length) return;
    const at = performance.now();
    const status = Number(head.slice(9, 12));
    finish(null, { status, ms: at - pending.started, at, body: all.subarray(headEnd + 4, headEnd + 4 + length) });
  });
  function finish(err: Error | null, r?: TimedResponse): void {
    const p = pending;
    pending = null;
    chunks = [];
    received = 0;
    if (p === null) return;
    if (err !== null || r === undefined) p.reject(err ?? new Error("no response"));
    else p.resolve(r);
  }
  const hostHeader = `${host}:${port}`;
  return {
    get(path) {
      if (pending !== null) return Promise.reject(new Error("one request at a time"));
      const request = `GET ${path} HTTP/1.1\r\nHost: ${hostHeader}\r\nAccept: application/json\r\n\r\n`;
      return new Promise((resolve, reject) => {
        pending = { started: performance.now(), resolve, reject };
        socket.write(request);
      });
    },
    close: () => socket.end(),
  };
}
