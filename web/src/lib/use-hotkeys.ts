// Single-key shortcuts for the whole page. Keys typed into a field belong to
// the field; only Escape is passed through so it can leave the field.
import { useEffect, useLayoutEffect, useRef } from "react";

export type HotkeyMap = Record<string, (event: KeyboardEvent) => void>;

function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.matches("input, textarea, select");
}

/** Keys are KeyboardEvent.key values ("j", "ArrowDown", "Delete", "/", "?", "Escape"). */
export function useHotkeys(map: HotkeyMap, enabled = true): void {
  const ref = useRef(map);
  // The latest handlers, without re-adding the listener on every render.
  useLayoutEffect(() => {
    ref.current = map;
  });
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (typing(event.target) && event.key !== "Escape") return;
      // A shortcut must not fire behind an open dialog.
      if (document.querySelector("dialog[open]") !== null && event.key !== "Escape") return;
      const handler = ref.current[event.key];
      if (handler === undefined) return;
      event.preventDefault();
      handler(event);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [enabled]);
}
