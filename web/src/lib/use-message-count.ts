import { useEffect, useState } from "react";
import { fetchMessages } from "./api-client.js";

export type MessageCount =
  | { state: "loading" }
  | { state: "ok"; total: number; unread: number }
  | { state: "error"; error: string };

/**
 * Polls the message list. A placeholder until the WebSocket feed and the
 * query cache arrive with the real inbox; polling keeps it independent of both.
 */
export function useMessageCount(intervalMs: number): MessageCount {
  const [count, setCount] = useState<MessageCount>({ state: "loading" });

  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;

    // Schedule the next poll only after the previous one settles, so a slow
    // server never has requests piling up behind each other.
    const poll = async (): Promise<void> => {
      try {
        const summary = await fetchMessages(controller.signal);
        setCount({ state: "ok", total: summary.total, unread: summary.unread });
      } catch (err: unknown) {
        if (controller.signal.aborted) return;
        setCount({ state: "error", error: err instanceof Error ? err.message : String(err) });
      }
      if (!controller.signal.aborted) timer = setTimeout(() => void poll(), intervalMs);
    };
    void poll();

    return () => {
      controller.abort();
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [intervalMs]);

  return count;
}
