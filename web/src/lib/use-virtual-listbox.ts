// What the inbox and the sessions list share: a virtualised listbox over a
// list that loads in pages (only the rows in view exist in the DOM, the
// scrollbar spans every match), the next page fetched as the view nears the
// end of what is loaded, and the keyboard cursor kept in view.
import { useVirtualizer, type Virtualizer } from "@tanstack/react-virtual";
import { useEffect, useRef, type RefObject } from "react";

/** Rows past the last one in view at which the next page is asked for. */
const LOAD_AHEAD = 40;

/** The props of a paged listbox component (the inbox, the sessions list). */
export interface PagedListboxProps<T> {
  items: readonly T[];
  /** Every match, loaded or not: the scrollbar's extent. */
  total: number;
  cursor: number;
  openId: string | null;
  canLoadMore: boolean;
  loadMore: () => void;
  onOpen: (id: string, index: number) => void;
}

export interface VirtualListboxOptions {
  items: readonly { ID: string }[];
  /** Every match, loaded or not: the scrollbar's extent. */
  total: number;
  cursor: number;
  rowHeight: number;
  canLoadMore: boolean;
  loadMore: () => void;
}

export interface VirtualListbox {
  scroller: RefObject<HTMLDivElement | null>;
  virtualizer: Virtualizer<HTMLDivElement, Element>;
  count: number;
}

export function useVirtualListbox({ items, total, cursor, rowHeight, canLoadMore, loadMore }: VirtualListboxOptions): VirtualListbox {
  const scroller = useRef<HTMLDivElement>(null);
  const count = Math.max(total, items.length);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 8,
    getItemKey: (i) => items[i]?.ID ?? `pending-${i}`,
  });
  const rows = virtualizer.getVirtualItems();
  const last = rows[rows.length - 1]?.index ?? 0;

  useEffect(() => {
    if (canLoadMore && last + LOAD_AHEAD >= items.length) loadMore();
  }, [canLoadMore, last, items.length, loadMore]);

  useEffect(() => {
    if (cursor >= 0 && cursor < count) virtualizer.scrollToIndex(cursor, { align: "auto" });
  }, [cursor, count, virtualizer]);

  return { scroller, virtualizer, count };
}
