// Hands the feed to hooks. Components use these hooks; none of them sees the socket.
import { createContext, useContext, useEffect, useSyncExternalStore, type ReactElement, type ReactNode } from "react";
import type { Feed, FeedState } from "./feed.js";

const FeedContext = createContext<Feed | null>(null);

export function FeedProvider({ feed, children }: { feed: Feed; children: ReactNode }): ReactElement {
  useEffect(() => {
    feed.start();
    return () => feed.stop();
  }, [feed]);
  return <FeedContext.Provider value={feed}>{children}</FeedContext.Provider>;
}

function useFeed(): Feed {
  const feed = useContext(FeedContext);
  if (feed === null) throw new Error("useFeed outside FeedProvider");
  return feed;
}

export function useFeedState(): { state: FeedState; retryNow: () => void } {
  const feed = useFeed();
  const state = useSyncExternalStore(feed.subscribe, feed.getState);
  return { state, retryNow: () => feed.retryNow() };
}

/** Streams a session's transcript into the cache while the caller is mounted and `active`. */
export function useWatchSession(sessionId: string | null, active: boolean): void {
  const feed = useFeed();
  useEffect(() => {
    if (!active || sessionId === null) return;
    feed.watch(sessionId);
    return () => feed.watch(null);
  }, [feed, sessionId, active]);
}
