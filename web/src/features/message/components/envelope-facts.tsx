// What the SMTP envelope said, beside what the headers claim: MAIL FROM,
// each RCPT TO with the server's answer, Bcc, AUTH, TLS and the client.
import type { MessageSummary, SessionSummary, TranscriptEntry } from "@mailscope/shared";
import type { ReactElement, ReactNode } from "react";
import { AppLink } from "../../../components/app-link.js";
import { Icon } from "../../../components/icons.js";
import { addressFull } from "../../../lib/format.js";
import { useDeliveringSession, useMessageTranscript } from "../api/get-transcript.js";

interface Rcpt {
  address: string;
  code: string;
}

function envelopeOf(entries: readonly TranscriptEntry[]): { from: string; rcpts: Rcpt[] } {
  let from = "";
  const rcpts: Rcpt[] = [];
  entries.forEach((e, i) => {
    if (e.Direction !== "client") return;
    const path = /^(MAIL FROM|RCPT TO):\s*<([^>]*)>/i.exec(e.Text);
    if (path === null) return;
    if (path[1]?.toUpperCase() === "MAIL FROM") {
      from = path[2] === "" ? "<> (null sender)" : (path[2] ?? "");
      return;
    }
    const reply = entries.slice(i + 1).find((r) => r.Direction === "server");
    rcpts.push({ address: path[2] ?? "", code: reply?.Text.slice(0, 3) ?? "" });
  });
  return { from, rcpts };
}

function Fact({ label, children }: { label: string; children: ReactNode }): ReactElement {
  return (
    <div className="fact">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

export function EnvelopeFacts({ id, summary, sessionId }: { id: string; summary: MessageSummary | undefined; sessionId: string | undefined }): ReactElement {
  const span = useMessageTranscript(id, sessionId);
  const session = useDeliveringSession(sessionId);
  const env = envelopeOf(span.data?.Entries ?? []);
  const s: SessionSummary | undefined = session.data;
  const auth = s?.AuthUser || summary?.Username || "";
  return (
    <dl className="facts" aria-label="SMTP envelope" data-testid="envelope">
      <Fact label="MAIL FROM">{env.from !== "" ? <code>{env.from}</code> : <span className="muted">—</span>}</Fact>
      <Fact label="RCPT TO">
        {env.rcpts.length === 0 ? <span className="muted">—</span> : null}
        {env.rcpts.map((r, i) => (
          <span key={i} className={`rcpt ${r.code.startsWith("2") ? "rcpt-ok" : "rcpt-bad"}`} title={r.code.startsWith("2") ? "accepted" : `refused (${r.code})`}>
            <Icon name={r.code.startsWith("2") ? "check" : "x"} size={12} />
            <code>{r.address}</code>
            {r.code.startsWith("2") ? null : <span className="rcpt-code">{r.code}</span>}
          </span>
        ))}
      </Fact>
      {summary !== undefined && summary.Bcc.length > 0 ? (
        <Fact label="Bcc (envelope only)">{summary.Bcc.map(addressFull).join(", ")}</Fact>
      ) : null}
      <Fact label="AUTH">{auth !== "" ? <code>{auth}</code> : <span className="muted">none</span>}</Fact>
      <Fact label="TLS">
        {s === undefined ? <span className="muted">…</span> : s.TLS === null ? <span className="muted">none (plain text)</span> : (
          <span className="tls-on">
            <Icon name="lock" size={12} /> {s.TLS.Protocol} <span className="muted">{s.TLS.Cipher}</span>
          </span>
        )}
      </Fact>
      {s !== undefined ? (
        <Fact label="Client">
          <code>
            {s.ClientAddress}:{s.ClientPort}
          </code>
          {s.Helo !== "" ? <span className="muted"> as {s.Helo}</span> : null}
          {" · "}
          <AppLink to={{ view: "sessions", s: s.ID }}>session log</AppLink>
        </Fact>
      ) : null}
    </dl>
  );
}
