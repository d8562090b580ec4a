// The inbox list or a search, as an infinite query the feed keeps current.
// A small first page paints fast; later pages are larger, fetched as the
// list scrolls towards them.
import { useInfiniteQuery, type UseInfiniteQueryResult } from "@tanstack/react-query";
import { API, getJson } from "../../../lib/api/client.js";
import { decodeMessagesSummary } from "../../../lib/api/decode.js";
import { keys, loadedCount, type MessagePage, type MessagePages } from "../../../lib/query-keys.js";

const FIRST_PAGE = 100;
const PAGE = 1000;

async function fetchPage(query: string, start: number, signal: AbortSignal): Promise<MessagePage> {
  const limit = start === 0 ? FIRST_PAGE : PAGE;
  const path =
    query === ""
      ? `${API}/messages?start=${start}&limit=${limit}`
      : `${API}/search?query=${encodeURIComponent(query)}&start=${start}&limit=${limit}`;
  const s = decodeMessagesSummary(await getJson(path, signal));
  return { items: s.messages, matched: s.messages_count, mailbox: { total: s.total, unread: s.unread } };
}

export function useMessages(query: string): UseInfiniteQueryResult<MessagePages> {
  return useInfiniteQuery({
    queryKey: keys.messages(query),
    queryFn: ({ pageParam, signal }) => fetchPage(query, pageParam, signal),
    initialPageParam: 0,
    // Offsets come from what is loaded, so rows the feed prepended or removed keep them right.
    getNextPageParam: (last, pages) => {
      const loaded = loadedCount(pages);
      return loaded < last.matched && last.items.length > 0 ? loaded : undefined;
    },
  });
}
