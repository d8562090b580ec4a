// Feed frames -> query cache. The only code that writes server pushes into
// the cache; components read the cache and never see a frame. Frames come in
// batches so a burst of ten thousand messages costs a few cache writes, not
// ten thousand copies of a ten-thousand-row list.
import type { FeedFrame, MessageSummary, SessionSummary, TranscriptEntry } from "@mailscope/shared";
import type { QueryClient } from "@tanstack/react-query";
import { keys, type MessagePages, type SessionDetail, type SessionPages } from "../query-keys.js";

export interface ApplyEffects {
  /** Search results may have changed in ways only the server can tell. */
  searchesStale: boolean;
  sessionFiltersStale: boolean;
}

function prependMessages(qc: QueryClient, fresh: MessageSummary[]): void {
  qc.setQueryData<MessagePages>(keys.messages(""), (old) => {
    const first = old?.pages[0];
    if (old === undefined || first === undefined) return old;
    const seen = new Set(first.items.map((m) => m.ID));
    // Frames arrive oldest first; the list is newest first.
    const add = fresh.filter((m) => !seen.has(m.ID)).reverse();
    if (add.length === 0) return old;
    const pages = old.pages.map((p, i) => ({
      ...p,
      items: i === 0 ? [...add, ...p.items] : p.items,
      matched: p.matched + add.length,
    }));
    return { pages, pageParams: old.pageParams };
  });
}

function removeMessages(qc: QueryClient, ids: ReadonlySet<string>): void {
  qc.setQueriesData<MessagePages>({ queryKey: keys.messageLists }, (old) => {
    if (old === undefined) return old;
    let removed = 0;
    const pages = old.pages.map((p) => {
      const items = p.items.filter((m) => !ids.has(m.ID));
      removed += p.items.length - items.length;
      return { ...p, items };
    });
    if (removed === 0) return old;
    return { pages: pages.map((p) => ({ ...p, matched: Math.max(0, p.matched - removed) })), pageParams: old.pageParams };
  });
}

function updateMessages(qc: QueryClient, updates: ReadonlyMap<string, { Read?: boolean; Tags?: string[] }>): void {
  qc.setQueriesData<MessagePages>({ queryKey: keys.messageLists }, (old) => {
    if (old === undefined) return old;
    const pages = old.pages.map((p) => ({
      ...p,
      items: p.items.map((m) => {
        const u = updates.get(m.ID);
        return u === undefined ? m : { ...m, Read: u.Read ?? m.Read, Tags: u.Tags ?? m.Tags };
      }),
    }));
    return { pages, pageParams: old.pageParams };
  });
}

function emptyAllLists(qc: QueryClient): void {
  qc.setQueriesData<MessagePages>({ queryKey: keys.messageLists }, (old) =>
    old === undefined ? old : { pages: [{ items: [], matched: 0 }], pageParams: [0] },
  );
}

function upsertSession(qc: QueryClient, s: SessionSummary, effects: ApplyEffects): void {
  qc.setQueriesData<SessionPages>({ queryKey: keys.sessionLists }, (old) => {
    if (old === undefined) return old;
    let found = false;
    const pages = old.pages.map((p) => ({
      matched: p.matched,
      items: p.items.map((x) => {
        if (x.ID !== s.ID) return x;
        found = true;
        return s;
      }),
    }));
    if (found) return { pages, pageParams: old.pageParams };
    return old;
  });
  const all = qc.getQueryData<SessionPages>(keys.sessions(""));
  const present = all?.pages.some((p) => p.items.some((x) => x.ID === s.ID)) ?? true;
  if (!present) {
    qc.setQueryData<SessionPages>(keys.sessions(""), (old) => {
      if (old === undefined) return old;
      return {
        pages: old.pages.map((p, i) => ({ items: i === 0 ? [s, ...p.items] : p.items, matched: p.matched + 1 })),
        pageParams: old.pageParams,
      };
    });
  }
  // A session moves between "open", "ok" and "failed" as it runs.
  effects.sessionFiltersStale = true;
  qc.setQueryData<SessionDetail>(keys.session(s.ID), (old) => (old === undefined ? old : { ...old, ...s, Transcript: old.Transcript }));
}

function appendEntries(qc: QueryClient, sessionId: string, entries: TranscriptEntry[]): void {
  qc.setQueryData<SessionDetail>(keys.session(sessionId), (old) => {
    if (old === undefined) return old;
    const seen = new Set(old.Transcript.map((e) => e.Seq));
    const add = entries.filter((e) => !seen.has(e.Seq));
    if (add.length === 0) return old;
    const Transcript = [...old.Transcript, ...add].sort((a, b) => a.Seq - b.Seq);
    return { ...old, Transcript, Entries: Math.max(old.Entries, Transcript.length) };
  });
}

export function applyFrames(qc: QueryClient, frames: readonly FeedFrame[]): ApplyEffects {
  const effects: ApplyEffects = { searchesStale: false, sessionFiltersStale: false };
  let fresh: MessageSummary[] = [];
  const flushFresh = (): void => {
    if (fresh.length === 0) return;
    prependMessages(qc, fresh);
    effects.searchesStale = true;
    fresh = [];
  };
  const entries = new Map<string, TranscriptEntry[]>();

  for (const frame of frames) {
    if (frame.Type !== "new" && frame.Type !== "transcript" && frame.Type !== "stats") flushFresh();
    switch (frame.Type) {
      case "new":
        fresh.push(frame.Data);
        break;
      case "update":
        updateMessages(qc, new Map([[frame.Data.ID, frame.Data]]));
        break;
      case "delete":
      case "prune": {
        const ids = new Set(frame.Type === "delete" ? [frame.Data.ID] : frame.Data.IDs);
        removeMessages(qc, ids);
        for (const id of ids) qc.removeQueries({ queryKey: keys.message(id) });
        if (frame.Type === "prune") qc.setQueryData<number>(keys.pruned, (n) => (n ?? 0) + ids.size);
        break;
      }
      case "truncate":
        emptyAllLists(qc);
        qc.removeQueries({ queryKey: ["message"] });
        break;
      case "stats":
        qc.setQueryData(keys.stats, frame.Data);
        break;
      case "session":
        upsertSession(qc, frame.Data, effects);
        break;
      case "transcript": {
        const list = entries.get(frame.Data.SessionID) ?? [];
        list.push(frame.Data.Entry);
        entries.set(frame.Data.SessionID, list);
        break;
      }
      case "sessions-cleared":
        effects.sessionFiltersStale = true;
        void qc.invalidateQueries({ queryKey: keys.sessionLists });
        break;
    }
  }
  flushFresh();
  for (const [id, list] of entries) appendEntries(qc, id, list);
  return effects;
}
