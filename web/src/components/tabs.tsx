// WAI-ARIA tabs: arrow keys move between tabs, the panel follows. The tab
// set lives in the URL (the caller owns it), so a tab can be linked.
import { useEffect, useRef, type KeyboardEvent, type ReactElement, type ReactNode } from "react";

export interface TabItem {
  id: string;
  label: ReactNode;
  /** Accessible name when the label is not plain text. */
  name: string;
}

export interface TabsProps {
  tabs: readonly TabItem[];
  current: string;
  onSelect: (id: string) => void;
  idPrefix: string;
  label: string;
}

export function TabList({ tabs, current, onSelect, idPrefix, label }: TabsProps): ReactElement {
  const refs = useRef(new Map<string, HTMLButtonElement>());
  // On a narrow screen the tab strip scrolls; keep the current tab in view.
  useEffect(() => {
    refs.current.get(current)?.scrollIntoView({ block: "nearest", inline: "nearest" });
  }, [current]);
  const onKey = (e: KeyboardEvent<HTMLDivElement>): void => {
    const i = tabs.findIndex((t) => t.id === current);
    const delta = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
    let next: TabItem | undefined;
    if (delta !== 0) next = tabs[(i + delta + tabs.length) % tabs.length];
    if (e.key === "Home") next = tabs[0];
    if (e.key === "End") next = tabs[tabs.length - 1];
    if (next === undefined) return;
    e.preventDefault();
    e.stopPropagation();
    onSelect(next.id);
    refs.current.get(next.id)?.focus();
  };
  return (
    <div className="tabs" role="tablist" aria-label={label} onKeyDown={onKey}>
      {tabs.map((t) => (
        <button
          key={t.id}
          ref={(el) => {
            if (el === null) refs.current.delete(t.id);
            else refs.current.set(t.id, el);
          }}
          type="button"
          role="tab"
          id={`${idPrefix}-tab-${t.id}`}
          aria-controls={`${idPrefix}-panel`}
          aria-selected={t.id === current}
          aria-label={t.name}
          tabIndex={t.id === current ? 0 : -1}
          className="tab"
          onClick={() => onSelect(t.id)}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}

export function TabPanel({ idPrefix, current, children }: { idPrefix: string; current: string; children: ReactNode }): ReactElement {
  return (
    <div className="tab-panel" role="tabpanel" id={`${idPrefix}-panel`} aria-labelledby={`${idPrefix}-tab-${current}`}>
      {children}
    </div>
  );
}
