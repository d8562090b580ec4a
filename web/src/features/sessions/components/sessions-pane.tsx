// Every SMTP session, failed ones marked, live; filters by outcome.
import { useCallback, useEffect, useMemo, useState, type ReactElement } from "react";
import { errorText } from "../../../lib/api/client.js";
import { plural } from "../../../lib/format.js";
import { useUrlState } from "../../../lib/url-state.js";
import { useHotkeys } from "../../../lib/use-hotkeys.js";
import { useSessions } from "../api/get-sessions.js";
import { SessionList } from "./session-list.js";

const FILTERS = [
  { id: "", label: "All" },
  { id: "status:failed", label: "Failed" },
  { id: "status:open", label: "Open" },
] as const;

export function SessionsPane({ keysEnabled }: { keysEnabled: boolean }): ReactElement {
  const [url, navigate] = useUrlState();
  const list = useSessions(url.sf);
  const [cursor, setCursor] = useState(-1);
  const items = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const matched = list.data?.pages[0]?.matched ?? 0;
  useEffect(() => {
    const i = items.findIndex((s) => s.ID === url.s);
    if (i >= 0) setCursor(i);
  }, [url.s, items]);
  const open = useCallback((id: string, index: number) => {
    setCursor(index);
    navigate({ s: id });
  }, [navigate]);
  const { fetchNextPage, hasNextPage, isFetchingNextPage } = list;
  const loadMore = useCallback(() => void fetchNextPage(), [fetchNextPage]);
  const move = (d: number): void => setCursor((c) => Math.min(items.length - 1, Math.max(0, (c < 0 && d < 0 ? items.length : c) + d)));
  useHotkeys(
    {
      j: () => move(1),
      ArrowDown: () => move(1),
      k: () => move(-1),
      ArrowUp: () => move(-1),
      Enter: () => {
        const s = items[cursor];
        if (s !== undefined) open(s.ID, cursor);
      },
      Escape: () => navigate({ s: null }),
    },
    keysEnabled,
  );
  return (
    <section className="inbox" aria-label="Sessions">
      <div className="pane-toolbar">
        <div className="segmented" role="radiogroup" aria-label="Show sessions">
          {FILTERS.map((f) => (
            <button key={f.id} type="button" role="radio" aria-checked={url.sf === f.id} className="segment" onClick={() => navigate({ sf: f.id, s: null }, { replace: true })}>
              {f.label}
            </button>
          ))}
        </div>
      </div>
      <div className="inbox-meta">
        <p className="inbox-count" aria-live="polite">
          <strong>{plural(matched, "session")}</strong>
        </p>
      </div>
      {list.isError ? <p className="notice notice-error">{errorText(list.error)}</p> : null}
      {list.isPending ? (
        <div className="loading">Loading sessions…</div>
      ) : items.length === 0 ? (
        <div className="empty empty-small">
          <h2 className="empty-title">No sessions{url.sf !== "" ? " match" : " yet"}</h2>
          <p className="empty-text">Every SMTP connection shows here, including the ones that stored nothing.</p>
        </div>
      ) : (
        <SessionList items={items} total={matched} cursor={cursor} openId={url.s} canLoadMore={hasNextPage && !isFetchingNextPage} loadMore={loadMore} onOpen={open} />
      )}
    </section>
  );
}
