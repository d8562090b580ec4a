// The inbox as a virtualised listbox: only the rows in view exist in the DOM,
// the scrollbar spans every match, and pages load as the view nears them.
import type { MessageSummary } from "@mailscope/shared";
import { useEffect, useLayoutEffect, useRef, type ReactElement, type RefObject } from "react";
import { useVirtualListbox, type PagedListboxProps } from "../../../lib/use-virtual-listbox.js";
import { MessageRow, SkeletonRow } from "./message-row.js";

export const ROW_HEIGHT = 82;

export interface MessageListProps extends PagedListboxProps<MessageSummary> {
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
  const { scroller, virtualizer, count } = useVirtualListbox({ items, total, cursor, rowHeight: ROW_HEIGHT, canLoadMore, loadMore });
  const virtualRows = virtualizer.getVirtualItems();

  useScrollAnchor(scroller, items);
  useFirstRenderMark(items.length > 0);

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
