// One line of the wire, typeset: a reply's code coloured by class (2xx, 3xx,
// 4xx, 5xx) with its enhanced code set apart, a command's verb in bold.
// Everything is rendered as text: the wire is as hostile as the mail.
import type { ReactElement } from "react";

const REPLY = /^(\d{3})([ -]?)(\d\.\d{1,3}\.\d{1,3}(?= |$))?(.*)$/;

function replyClass(code: string): string {
  const c = code.charAt(0);
  return c === "2" ? "ok" : c === "3" ? "more" : c === "4" ? "transient" : c === "5" ? "bad" : "plain";
}

export function ServerReply({ text }: { text: string }): ReactElement {
  const lines = text.split("\n");
  return (
    <div className="wire wire-server">
      {lines.map((line, i) => {
        const m = REPLY.exec(line);
        if (m === null) return <div key={i}>{line}</div>;
        const [, code = "", sep = "", enhanced, rest = ""] = m;
        return (
          <div key={i}>
            <span className={`code code-${replyClass(code)}`}>{code}</span>
            {sep === "-" ? <span className="wire-muted">-</span> : sep}
            {enhanced !== undefined ? <span className="wire-muted">{enhanced}</span> : null}
            {rest}
          </div>
        );
      })}
    </div>
  );
}

// Longest first, so "MAIL FROM:" wins over a bare "MAIL".
const VERBS = ["MAIL FROM:", "RCPT TO:", "STARTTLS", "EHLO", "HELO", "DATA", "BDAT", "QUIT", "RSET", "RESET", "NOOP", "AUTH", "VRFY", "HELP", "EXPN", "MAIL", "RCPT"];

export function ClientLine({ text, decoded }: { text: string; decoded: string | undefined }): ReactElement {
  const upper = text.toUpperCase();
  const verb = VERBS.find((v) => upper.startsWith(v) && (v.endsWith(":") || upper.length === v.length || upper.charAt(v.length) === " "));
  return (
    <div className="wire wire-client">
      {verb === undefined ? (
        text
      ) : (
        <>
          <span className="verb">{text.slice(0, verb.length)}</span>
          {text.slice(verb.length)}
        </>
      )}
      {decoded !== undefined && decoded !== "" ? <span className="wire-decoded"> {decoded}</span> : null}
    </div>
  );
}
