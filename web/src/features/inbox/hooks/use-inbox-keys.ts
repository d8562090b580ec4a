// The inbox's keys: move the cursor, open, delete, toggle read, search.
import type { MessageSummary } from "@mailscope/shared";
import type { RefObject } from "react";
import { useHotkeys } from "../../../lib/use-hotkeys.js";

export interface InboxKeyActions {
  items: readonly MessageSummary[];
  cursor: number;
  setCursor: (index: number) => void;
  open: (id: string, index: number) => void;
  close: () => void;
  openId: string | null;
  remove: (id: string) => void;
  toggleRead: (m: MessageSummary) => void;
  search: RefObject<HTMLInputElement | null>;
}

export function useInboxKeys(a: InboxKeyActions, enabled: boolean): void {
  const move = (delta: number): void => {
    if (a.items.length === 0) return;
    const from = a.cursor < 0 ? (delta > 0 ? -1 : a.items.length) : a.cursor;
    a.setCursor(Math.min(a.items.length - 1, Math.max(0, from + delta)));
  };
  // The cursor's message, or the open one when nothing is under the cursor.
  const target = (): MessageSummary | undefined => a.items[a.cursor] ?? a.items.find((m) => m.ID === a.openId);
  const next = (): void => move(1);
  const prev = (): void => move(-1);
  useHotkeys(
    {
      j: next,
      ArrowDown: next,
      k: prev,
      ArrowUp: prev,
      Enter: () => {
        const m = a.items[a.cursor];
        if (m !== undefined) a.open(m.ID, a.cursor);
      },
      Delete: () => {
        const m = target();
        if (m !== undefined) a.remove(m.ID);
      },
      u: () => {
        const m = target();
        if (m !== undefined) a.toggleRead(m);
      },
      "/": () => a.search.current?.focus(),
      Escape: () => {
        if (document.activeElement === a.search.current) a.search.current?.blur();
        else if (a.openId !== null) a.close();
      },
    },
    enabled,
  );
}
