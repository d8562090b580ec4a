// Light, dark or the system's choice: a preference, kept in localStorage and
// applied as data-theme on <html> (public/theme-init.js applies it before the
// first paint). CSS does the rest with light-dark().
import { useCallback, useSyncExternalStore } from "react";

export type ThemeChoice = "system" | "light" | "dark";

const KEY = "mailscope:theme";
const EVENT = "mailscope:theme";

function current(): ThemeChoice {
  const t = document.documentElement.dataset["theme"];
  return t === "light" || t === "dark" ? t : "system";
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener(EVENT, onChange);
  return () => window.removeEventListener(EVENT, onChange);
}

export function setTheme(choice: ThemeChoice): void {
  if (choice === "system") delete document.documentElement.dataset["theme"];
  else document.documentElement.dataset["theme"] = choice;
  try {
    if (choice === "system") localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, choice);
  } catch {
    // Storage may be disabled; the choice still holds for this page.
  }
  window.dispatchEvent(new Event(EVENT));
}

export function useTheme(): [ThemeChoice, (choice: ThemeChoice) => void] {
  const theme = useSyncExternalStore(subscribe, current);
  return [theme, useCallback((c: ThemeChoice) => setTheme(c), [])];
}
