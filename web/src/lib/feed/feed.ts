// The one owner of the WebSocket feed. It reconnects with backoff, refetches
// after a reconnect (the server does not replay missed events), batches
// frames into the query cache, and publishes its state for the header.
import type { FeedFrame, FeedWatch } from "@mailscope/shared";
import type { QueryClient } from "@tanstack/react-query";
import { keys } from "../query-keys.js";
import { applyFrames } from "./apply-frames.js";
import { decodeFrame } from "./decode-frame.js";

export type FeedState =
  | { status: "connecting" }
  | { status: "live" }
  | { status: "reconnecting"; retryAt: number; attempt: number };

type Listener = () => void;

const FLUSH_MS = 60;
const STALE_DEBOUNCE_MS = 300;
const BACKOFF_MIN_MS = 500;
const BACKOFF_MAX_MS = 10_000;

export class Feed {
  private socket: WebSocket | null = null;
  private state: FeedState = { status: "connecting" };
  private readonly listeners = new Set<Listener>();
  private queue: FeedFrame[] = [];
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private staleTimer: ReturnType<typeof setTimeout> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private attempt = 0;
  private watching: string | null = null;
  private stopped = false;
  private stale = { searches: false, sessions: false };

  constructor(
    private readonly qc: QueryClient,
    private readonly url: string,
  ) {}

  start(): void {
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    for (const t of [this.flushTimer, this.staleTimer, this.retryTimer]) if (t !== null) clearTimeout(t);
    this.socket?.close();
    this.socket = null;
  }

  getState = (): FeedState => this.state;

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Stream one session's transcript ("*" for all, null for none); kept across reconnects. */
  watch(sessionId: string | null): void {
    this.watching = sessionId;
    this.sendWatch();
  }

  private setState(state: FeedState): void {
    this.state = state;
    for (const l of this.listeners) l();
  }

  private sendWatch(): void {
    if (this.socket?.readyState !== WebSocket.OPEN) return;
    const frame: FeedWatch = { Type: "watch", Data: { SessionID: this.watching } };
    this.socket.send(JSON.stringify(frame));
  }

  private connect(): void {
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.onopen = () => {
      const openedAt = Date.now();
      this.attempt = 0;
      this.setState({ status: "live" });
      this.sendWatch();
      // Anything fetched before this socket listened may have missed events.
      void this.qc.invalidateQueries({
        predicate: (q) => q.state.dataUpdatedAt > 0 && q.state.dataUpdatedAt < openedAt && q.queryKey[0] !== "webui" && q.queryKey[0] !== "feed",
      });
    };
    socket.onmessage = (ev: MessageEvent<unknown>) => {
      if (typeof ev.data !== "string") return;
      const frame = decodeFrame(ev.data);
      if (frame !== null) this.enqueue(frame);
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.flush();
      if (!this.stopped) this.scheduleRetry();
    };
  }

  private scheduleRetry(): void {
    this.attempt += 1;
    const base = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** (this.attempt - 1));
    // Jitter spreads reconnects when many tabs lost the same server.
    const delay = base / 2 + Math.random() * (base / 2);
    this.setState({ status: "reconnecting", retryAt: Date.now() + delay, attempt: this.attempt });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect();
    }, delay);
  }

  /** Reconnect now (the "retry" button) instead of waiting out the backoff. */
  retryNow(): void {
    if (this.state.status !== "reconnecting") return;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.setState({ status: "connecting" });
    this.connect();
  }

  private enqueue(frame: FeedFrame): void {
    this.queue.push(frame);
    this.flushTimer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  private flush(): void {
    if (this.flushTimer !== null) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    if (this.queue.length === 0) return;
    const frames = this.queue;
    this.queue = [];
    const effects = applyFrames(this.qc, frames);
    this.refetchInFlight(frames);
    this.stale.searches ||= effects.searchesStale;
    this.stale.sessions ||= effects.sessionFiltersStale;
    if (this.stale.searches || this.stale.sessions) this.staleTimer ??= setTimeout(() => this.refreshStale(), STALE_DEBOUNCE_MS);
  }

  // A fetch in flight may have been answered before these frames' changes
  // were made; when it lands it would overwrite them. Restart it instead.
  private refetchInFlight(frames: readonly FeedFrame[]): void {
    const touches = (prefix: string[]): boolean => frames.some((f) => prefix.includes(f.Type));
    if (touches(["new", "update", "delete", "prune", "truncate"]) && this.qc.isFetching({ queryKey: keys.messageLists }) > 0) {
      void this.qc.invalidateQueries({ queryKey: keys.messageLists, predicate: (q) => q.state.fetchStatus === "fetching" });
    }
    if (touches(["session", "sessions-cleared"]) && this.qc.isFetching({ queryKey: keys.sessionLists }) > 0) {
      void this.qc.invalidateQueries({ queryKey: keys.sessionLists, predicate: (q) => q.state.fetchStatus === "fetching" });
    }
  }

  // Whether a new message matches a search, or a session a filter, is the server's call.
  private refreshStale(): void {
    this.staleTimer = null;
    const { searches, sessions } = this.stale;
    this.stale = { searches: false, sessions: false };
    if (searches) void this.qc.invalidateQueries({ queryKey: keys.messageLists, predicate: (q) => q.queryKey[1] !== "" });
    if (sessions) void this.qc.invalidateQueries({ queryKey: keys.sessionLists, predicate: (q) => q.queryKey[1] !== "" });
  }
}

export function feedUrl(): string {
  const scheme = window.location.protocol === "https:" ? "wss" : "ws";
  return `${scheme}://${window.location.host}/api/events`;
}
