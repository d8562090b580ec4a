// Sessions as a virtualised listbox, newest first.
import type { SessionSummary } from "@mailscope/shared";
import { memo, type ReactElement } from "react";
import { clockTime, plural, preciseTime } from "../../../lib/format.js";
import { useVirtualListbox, type PagedListboxProps } from "../../../lib/use-virtual-listbox.js";
import { failureText, StatusBadge } from "./session-status.js";

const ROW_HEIGHT = 68;

const SessionRow = memo(function SessionRow({ s, index, setSize, active, open, onOpen }: { s: SessionSummary; index: number; setSize: number; active: boolean; open: boolean; onOpen: (id: string, index: number) => void }): ReactElement {
  const why = failureText(s);
  return (
    <div
      role="option"
      id={`ses-${s.ID}`}
      aria-selected={active}
      aria-posinset={index + 1}
      aria-setsize={setSize}
      className={`ses-row${active ? " is-active" : ""}${open ? " is-open" : ""}`}
      data-testid="session-row"
      data-id={s.ID}
      onClick={() => onOpen(s.ID, index)}
    >
      <div className="ses-line">
        <StatusBadge session={s} />
        <span className="ses-client">
          {s.ClientAddress}
          {s.Helo !== "" ? <span className="muted"> · {s.Helo}</span> : null}
        </span>
        <time className="ses-time" dateTime={s.Started} title={clockTime(s.Started)}>
          {preciseTime(s.Started)}
        </time>
      </div>
      <div className="ses-line ses-sub">
        {why !== "" ? <span className="ses-error">{why}</span> : <span className="muted">{plural(s.MessageIDs.length, "message")} stored</span>}
        <span className="muted ses-entries">
          {s.TLS !== null ? "TLS · " : ""}
          {s.AuthUser !== "" ? `AUTH ${s.AuthUser} · ` : ""}
          {plural(s.Entries, "step")}
        </span>
      </div>
    </div>
  );
});

export type SessionListProps = PagedListboxProps<SessionSummary>;

export function SessionList({ items, total, cursor, openId, canLoadMore, loadMore, onOpen }: SessionListProps): ReactElement {
  const { scroller, virtualizer, count } = useVirtualListbox({ items, total, cursor, rowHeight: ROW_HEIGHT, canLoadMore, loadMore });
  const rows = virtualizer.getVirtualItems();
  const active = items[cursor];
  return (
    <div ref={scroller} className="msg-list" role="listbox" aria-label="SMTP sessions" tabIndex={0} aria-activedescendant={active !== undefined ? `ses-${active.ID}` : undefined} data-testid="session-list">
      <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
        {rows.map((row) => {
          const s = items[row.index];
          return (
            <div key={row.key} className="msg-slot" style={{ transform: `translateY(${row.start}px)`, height: ROW_HEIGHT }}>
              {s === undefined ? <div className="ses-row is-skeleton" aria-hidden="true"><div className="skeleton" /></div> : <SessionRow s={s} index={row.index} setSize={count} active={row.index === cursor} open={s.ID === openId} onOpen={onOpen} />}
            </div>
          );
        })}
      </div>
    </div>
  );
}
