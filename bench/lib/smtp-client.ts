// A lock-step SMTP client for the benchmarks that need one (no pipelining):
// it writes a command, then waits for the final line of its reply.
import { connect } from "node:net";
import { HOST } from "./net.js";

export interface SmtpClient {
  /** Writes `data` as given (add the CRLF) and resolves with the reply's final line. */
  command(data: string | Buffer): Promise<string>;
  /** Says QUIT and ends the connection. */
  close(): void;
}

/** Connects, reads the greeting, says EHLO `name`. */
export async function smtpClient(port: number, name: string): Promise<SmtpClient> {
  const socket = connect(port, HOST);
  socket.setNoDelay(true);
  let buffer = "";
  let waiter: ((line: string) => void) | null = null;
  socket.on("data", (d: Buffer) => {
    buffer += d.toString("latin1");
    for (let i = buffer.indexOf("\r\n"); i >= 0; i = buffer.indexOf("\r\n")) {
      const line = buffer.slice(0, i);
      buffer = buffer.slice(i + 2);
      if (/^\d{3} /.test(line)) {
        const w = waiter;
        waiter = null;
        w?.(line);
      }
    }
  });
  const reply = (): Promise<string> => new Promise((resolve) => (waiter = resolve));
  const command = (data: string | Buffer): Promise<string> => {
    const r = reply();
    socket.write(data);
    return r;
  };
  await reply();
  await command(`EHLO ${name}\r\n`);
  return { command, close: () => socket.end("QUIT\r\n") };
}
