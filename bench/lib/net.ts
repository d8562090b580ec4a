// Loopback-only network helpers: a free port, and waiting for an SMTP greeting.
import { createConnection, createServer } from "node:net";

export const HOST = "127.0.0.1";

/** A port that was free a moment ago (the caller binds it right away). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error("no port assigned"))));
    });
  });
}

/** Connects once, reads the greeting line, says QUIT; rejects on error or after `timeoutMs`. */
function greetOnce(port: number, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: HOST, port });
    let buffer = "";
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error("no SMTP greeting"));
    }, timeoutMs);
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      buffer += chunk;
      const end = buffer.indexOf("\r\n");
      if (end < 0) return;
      clearTimeout(timer);
      socket.end("QUIT\r\n");
      resolve(buffer.slice(0, end));
    });
    socket.once("error", (err) => {
      clearTimeout(timer);
      socket.destroy();
      reject(err);
    });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Waits until something on `port` greets with "220"; returns the greeting.
 * `gaveUp` lets the caller stop early (for example: the server process exited).
 */
export async function waitForSmtp(port: number, timeoutMs: number, gaveUp: () => string | null): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    const reason = gaveUp();
    if (reason !== null) throw new Error(reason);
    try {
      const greeting = await greetOnce(port, Math.max(500, deadline - Date.now()));
      if (greeting.startsWith("220")) return greeting;
      last = `unexpected greeting: ${greeting}`;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await sleep(50);
  }
  throw new Error(`nothing greeted on ${HOST}:${port} within ${timeoutMs} ms (${last})`);
}
