// The feed's state where everyone can see it: live, connecting, or
// reconnecting with a countdown and a button to try now.
import { useEffect, useState, type ReactElement } from "react";
import { useFeedState } from "../lib/feed/feed-context.js";

function useSecondsUntil(at: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (at === null) return;
    const t = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(t);
  }, [at]);
  return at === null ? 0 : Math.max(0, Math.ceil((at - now) / 1000));
}

export function FeedStatus(): ReactElement {
  const { state, retryNow } = useFeedState();
  const seconds = useSecondsUntil(state.status === "reconnecting" ? state.retryAt : null);
  const label =
    state.status === "live" ? "Live" : state.status === "connecting" ? "Connecting…" : `Reconnecting${seconds > 0 ? ` in ${seconds}s` : "…"}`;
  const title =
    state.status === "live"
      ? "Connected to the live feed: new mail and sessions appear as they arrive"
      : "Not connected to the live feed: the page will refetch when it reconnects";
  return (
    <div className={`feed-status feed-${state.status}`} role="status" aria-live="polite" title={title} data-testid="feed-status" data-state={state.status}>
      <span className="feed-dot" aria-hidden="true" />
      <span className="feed-label">{label}</span>
      {state.status === "reconnecting" ? (
        <button type="button" className="link-button" onClick={retryNow}>
          Retry
        </button>
      ) : null}
    </div>
  );
}
