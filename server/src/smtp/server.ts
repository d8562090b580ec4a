// The listener: accepts plain or implicit-TLS connections, enforces the
// connection limit, and runs one SmtpSession per socket.

import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { createServer as createTlsServer } from "node:tls";
import { newId } from "../ids.js";
import { R } from "./replies.js";
import { SmtpSession } from "./session.js";
import type { EngineOptions, MessageSink, SessionObserver } from "./types.js";

export interface ListenOptions {
  host: string;
  port: number;
  /** SMTPS (RFC 8314): TLS from the first byte. Needs options.tls. */
  implicitTls: boolean;
  maxConnections: number;
  /** PEM key and certificate for implicit TLS: tls.Server takes these, not a ready SecureContext. */
  tlsPem: { key: string; cert: string } | null;
}

export class SmtpServer {
  private readonly server: Server;
  private readonly sessions = new Set<SmtpSession>();
  private readonly sockets = new Set<Socket>();
  private readonly sweep: NodeJS.Timeout;
  private local: { address: string; port: number } | null = null;

  constructor(
    private readonly options: EngineOptions,
    private readonly listenOptions: ListenOptions,
    private readonly sink: MessageSink,
    private readonly observer: SessionObserver,
    private readonly log: (line: string) => void = () => {},
  ) {
    // One timer for every session's idle timeout, at a quarter of the timeout (at most 1 s) for precision.
    const every = Math.max(10, Math.min(1000, options.idleTimeoutMs / 4));
    this.sweep = setInterval(() => {
      const now = performance.now();
      for (const s of this.sessions) s.checkIdle(now);
    }, every).unref();
    const onSocket = (socket: Socket): void => this.accept(socket);
    if (listenOptions.implicitTls) {
      if (listenOptions.tlsPem === null) throw new Error("implicit TLS needs a key and certificate");
      const tlsServer = createTlsServer({ key: listenOptions.tlsPem.key, cert: listenOptions.tlsPem.cert }, onSocket);
      // A failed handshake never becomes a session; say so rather than stay silent.
      tlsServer.on("tlsClientError", (err, s) => this.log(`TLS handshake from ${s.remoteAddress} failed: ${err.message}`));
      this.server = tlsServer;
    } else {
      this.server = createServer({ noDelay: true }, onSocket);
    }
  }

  listen(): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(this.listenOptions.port, this.listenOptions.host, () => {
        this.server.off("error", reject);
        const address = this.server.address() as AddressInfo;
        const wildcard = address.address === "0.0.0.0" || address.address === "::";
        this.local = wildcard ? null : { address: address.address, port: address.port };
        resolve(address);
      });
    });
  }

  get activeSessions(): number {
    return this.sessions.size;
  }

  private accept(socket: Socket): void {
    if (this.listenOptions.implicitTls) socket.setNoDelay(true); // the plain listener sets it itself
    this.sockets.add(socket);
    const session: SmtpSession = new SmtpSession(socket, {
      id: newId(),
      local: this.local,
      options: this.options,
      sink: this.sink,
      observer: this.observer,
      // The session ends on its socket's close event.
      onEnd: () => {
        this.sessions.delete(session);
        this.sockets.delete(socket);
      },
    });
    const over = this.sessions.size >= this.listenOptions.maxConnections;
    this.sessions.add(session);
    session.start(over ? R.tooManyConnections() : undefined);
  }

  /** Stops listening, tells open sessions 421, and waits for their sockets to close. */
  async close(): Promise<void> {
    clearInterval(this.sweep);
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const s of this.sessions) s.closeWith(R.shuttingDown(), "server-shutdown");
    const deadline = Date.now() + 2000;
    while (this.sockets.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }
}
