import type { ReactElement } from "react";
import { useMessageCount, type MessageCount } from "../lib/use-message-count.js";

const POLL_INTERVAL_MS = 2000;

// The UI cannot yet ask the server which SMTP address it bound, so the
// examples use the page's host and the default port, and say so.
const DEFAULT_SMTP_PORT = 1025;

function CountLine({ count }: { count: MessageCount }): ReactElement {
  switch (count.state) {
    case "loading":
      return <p className="count" aria-live="polite">Checking for messages…</p>;
    case "error":
      return (
        <p className="count count-error" role="alert">
          Cannot reach the API: {count.error}
        </p>
      );
    case "ok":
      return (
        <p className="count" aria-live="polite">
          <strong data-testid="message-count">{count.total}</strong>{" "}
          {count.total === 1 ? "message" : "messages"} captured
          {count.unread > 0 ? ` (${count.unread} unread)` : ""}
        </p>
      );
  }
}

export function App(): ReactElement {
  const count = useMessageCount(POLL_INTERVAL_MS);
  const host = window.location.hostname || "127.0.0.1";
  const smtp = `${host}:${DEFAULT_SMTP_PORT}`;

  return (
    <main className="page">
      <header>
        <h1>Mailscope</h1>
        <p className="tagline">A local SMTP test catcher: every message next to the SMTP transcript that delivered it.</p>
      </header>

      <section className="card">
        <h2>Inbox</h2>
        <CountLine count={count} />
        <p className="muted">The inbox UI is coming soon. This page refreshes the count every two seconds.</p>
      </section>

      <section className="card">
        <h2>Send mail to Mailscope</h2>
        <p>
          Point your application's SMTP settings at <code>{smtp}</code> (no TLS, no authentication needed).
          If you started Mailscope with <code>--smtp</code>, use the address from its
          <code> mailscope: SMTP listening on …</code> line instead.
        </p>
        <p>Try it from a shell:</p>
        <pre>
          <code>{`swaks --server ${smtp} \\
  --from me@example.test --to someone@example.test

curl smtp://${smtp} --mail-from me@example.test \\
  --mail-rcpt someone@example.test -T message.eml`}</code>
        </pre>
        <p className="muted">
          The API is at <code>/api/v1</code>; <code>GET /api/v1/messages</code> returns the Mailpit-compatible list.
        </p>
      </section>
    </main>
  );
}
