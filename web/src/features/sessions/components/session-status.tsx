// A session's outcome in one badge: open, ok, or failed (and why).
import type { SessionSummary } from "@mailscope/shared";
import type { ReactElement } from "react";

export type Outcome = "open" | "ok" | "failed";

const FAILED_CLOSES = new Set(["idle-timeout", "too-many-errors", "too-many-connections", "socket-error", "tls-error", "fault", "forbidden-command"]);

export function outcomeOf(s: SessionSummary): Outcome {
  if (s.Ended === "") return "open";
  return s.Error !== "" || FAILED_CLOSES.has(s.CloseReason) ? "failed" : "ok";
}

const LABEL: Record<Outcome, string> = { open: "Open", ok: "OK", failed: "Failed" };

export function StatusBadge({ session }: { session: SessionSummary }): ReactElement {
  const o = outcomeOf(session);
  return (
    <span className={`badge badge-${o}`} data-testid="session-status" data-outcome={o}>
      {o === "open" ? <span className="pulse" aria-hidden="true" /> : null}
      {LABEL[o]}
    </span>
  );
}

/** Why it failed in words, from the error or the close reason. */
export function failureText(s: SessionSummary): string {
  if (s.Error !== "") return s.Error;
  if (s.Ended === "") return "";
  if (s.CloseReason === "client-closed" && s.MessageIDs.length === 0) return "client disconnected without sending mail";
  return FAILED_CLOSES.has(s.CloseReason) ? s.CloseReason.replace(/-/g, " ") : "";
}
