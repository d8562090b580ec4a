// The URL holds what a link should reproduce: the view, the open message and
// tab, the search, the open session, whether the faults panel is open. Query parameters on "/" (not paths),
// because the server serves the app only at "/". No router: a dozen lines of
// history API cover it.
import { useCallback, useSyncExternalStore } from "react";

export type View = "inbox" | "sessions";

export interface UrlState {
  view: View;
  /** Open message ID. */
  m: string | null;
  /** Message tab. */
  tab: string | null;
  /** Inbox search. */
  q: string;
  /** Open session ID. */
  s: string | null;
  /** Sessions filter. */
  sf: string;
  /** The faults panel: a drawer beside either view, so it is a flag, not a view. */
  faults: boolean;
}

const EVENT = "mailscope:navigate";

function read(search: string): UrlState {
  const p = new URLSearchParams(search);
  return {
    view: p.get("view") === "sessions" ? "sessions" : "inbox",
    m: p.get("m"),
    tab: p.get("tab"),
    q: p.get("q") ?? "",
    s: p.get("s"),
    sf: p.get("sf") ?? "",
    faults: p.get("faults") === "1",
  };
}

export function urlFor(state: UrlState): string {
  const p = new URLSearchParams();
  if (state.view !== "inbox") p.set("view", state.view);
  if (state.q !== "") p.set("q", state.q);
  if (state.m !== null) p.set("m", state.m);
  if (state.tab !== null) p.set("tab", state.tab);
  if (state.sf !== "") p.set("sf", state.sf);
  if (state.s !== null) p.set("s", state.s);
  if (state.faults) p.set("faults", "1");
  const qs = p.toString();
  return qs === "" ? window.location.pathname : `${window.location.pathname}?${qs}`;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener("popstate", onChange);
  window.addEventListener(EVENT, onChange);
  return () => {
    window.removeEventListener("popstate", onChange);
    window.removeEventListener(EVENT, onChange);
  };
}

let cachedSearch = "";
let cachedState = read("");

function snapshot(): UrlState {
  const search = window.location.search;
  if (search !== cachedSearch) {
    cachedSearch = search;
    cachedState = read(search);
  }
  return cachedState;
}

export type Navigate = (change: Partial<UrlState>, options?: { replace?: boolean }) => void;

export function navigate(change: Partial<UrlState>, options?: { replace?: boolean }): void {
  const next = urlFor({ ...snapshot(), ...change });
  if (next === `${window.location.pathname}${window.location.search}`) return;
  if (options?.replace === true) window.history.replaceState(null, "", next);
  else window.history.pushState(null, "", next);
  window.dispatchEvent(new Event(EVENT));
}

export function useUrlState(): [UrlState, Navigate] {
  const state = useSyncExternalStore(subscribe, snapshot);
  return [state, useCallback<Navigate>((change, options) => navigate(change, options), [])];
}
