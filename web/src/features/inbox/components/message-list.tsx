// The inbox as a virtualised listbox: only the rows in view exist in the DOM,
// the scrollbar spans every match, and pages load as the view nears them.
import type { MessageSummary } from "@mailscope/shared";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useLayoutEffect, useRef, type ReactElement, type RefObject } from "react";
import { MessageRow, SkeletonRow } from "./message-row.js";

export const ROW_HEIGHT = 82;
const LOAD_AHEAD = 40;

export interface MessageListProps {
  items: readonly MessageSummary[];
  /** Every match, loaded or not: the scrollbar's extent. */
  total: number;
  cursor: number;
  openId: string | null;
  canLoadMore: boolean;
  loadMore: () => void;
  onOpen: (id: string, index: number) => void;
  label: string;
}

/** Keeps the rows in view still when new mail is prepended above them. */
function useScrollAnchor(scroller: RefObject<HTMLDivElement | null>, items: readonly MessageSummary[]): void {
  const firstId = useRef<string | undefined>(undefined);
  useLayoutEffect(() => {
    const el = scroller.current;
    const previous = firstId.current;
    firstId.current = items[0]?.ID;
    if (el === null || previous === undefined || el.scrollTop === 0) return;
    const shift = items.findIndex((m) => m.ID === previous);
    if (shift > 0) el.scrollTop += shift * ROW_HEIGHT;
  }, [items, scroller]);
}

/** Marks the first paint of real rows, so a test (or a curious user) can read the time to first render. */
function useFirstRenderMark(hasRows: boolean): void {
  const marked = useRef(false);
  useEffect(() => {
    if (!hasRows || marked.current) return;
    marked.current = true;
    requestAnimationFrame(() => performance.mark("mailscope:list-first-render"));
  }, [hasRows]);
}

export function MessageList({ items, total, cursor, openId, canLoadMore, loadMore, onOpen, label }: MessageListProps): ReactElement {
  const scroller = useRef<HTMLDivElement>(null);
  const count = Math.max(total, items.length);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    getItemKey: (i) => items[i]?.ID ?? `pending-${i}`,
  });
  const virtualRows = virtualizer.getVirtualItems();
  const last = virtualRows[virtualRows.length - 1]?.index ?? 0;

  useScrollAnchor(scroller, items);
  useFirstRenderMark(items.length > 0);

  useEffect(() => {
    if (canLoadMore && last + LOAD_AHEAD >= items.length) loadMore();
  }, [canLoadMore, last, items.length, loadMore]);

  useEffect(() => {
    if (cursor >= 0 && cursor < count) virtualizer.scrollToIndex(cursor, { align: "auto" });
  }, [cursor, count, virtualizer]);

  const active = items[cursor];
  return (
    <div
      ref={scroller}
      className="msg-list"
      role="listbox"
      aria-label={label}
      tabIndex={0}
      aria-activedescendant={active !== undefined ? `msg-${active.ID}` : undefined}
      data-testid="message-list"
    >
      <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
        {virtualRows.map((row) => {
          const m = items[row.index];
          return (
            <div key={row.key} className="msg-slot" style={{ transform: `translateY(${row.start}px)`, height: ROW_HEIGHT }}>
              {m === undefined ? (
                <SkeletonRow />
              ) : (
                <MessageRow message={m} index={row.index} setSize={count} active={row.index === cursor} open={m.ID === openId} onOpen={onOpen} />
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}
