// The inbox: search, counts and bulk actions over the live, virtualised list.
import { useQuery } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useRef, useState, type ReactElement } from "react";
import { ConfirmDialog } from "../../../components/dialog.js";
import { Icon } from "../../../components/icons.js";
import { errorText } from "../../../lib/api/client.js";
import { plural } from "../../../lib/format.js";
import { keys } from "../../../lib/query-keys.js";
import { useUrlState } from "../../../lib/url-state.js";
import { useStats } from "../../../lib/use-stats.js";
import { useMessages } from "../api/get-messages.js";
import { useWebUi } from "../api/get-webui.js";
import { useDeleteAll, useDeleteMessages, useSetRead } from "../api/mutations.js";
import { useInboxKeys } from "../hooks/use-inbox-keys.js";
import { EmptyInbox, NoMatches } from "./empty-inbox.js";
import { MessageList } from "./message-list.js";
import { PrunedNotice } from "./pruned-notice.js";
import { SearchBox } from "./search-box.js";

export function InboxPane({ keysEnabled }: { keysEnabled: boolean }): ReactElement {
  const [url, navigate] = useUrlState();
  const list = useMessages(url.q);
  const stats = useStats();
  const webui = useWebUi();
  const del = useDeleteMessages();
  const delAll = useDeleteAll();
  const setRead = useSetRead();
  const pruned = useQuery({ queryKey: keys.pruned, queryFn: () => 0, staleTime: Infinity, initialData: 0 });
  const [cursor, setCursor] = useState(-1);
  const [confirming, setConfirming] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);

  const items = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const matched = list.data?.pages[0]?.matched ?? 0;
  const total = stats.data?.Total ?? list.data?.pages[0]?.mailbox?.total ?? 0;
  const unread = stats.data?.Unread ?? list.data?.pages[0]?.mailbox?.unread ?? 0;

  // The cursor follows the open message (a click, a link, the back button).
  useEffect(() => {
    if (url.m === null) return;
    const i = items.findIndex((m) => m.ID === url.m);
    if (i >= 0) setCursor(i);
  }, [url.m, items]);

  const open = useCallback((id: string, index: number) => {
    setCursor(index);
    navigate({ m: id, tab: null });
  }, [navigate]);
  const remove = (id: string): void => {
    del.mutate([id]);
    if (url.m === id) navigate({ m: null, tab: null });
  };
  const { fetchNextPage, hasNextPage, isFetchingNextPage } = list;
  const loadMore = useCallback(() => void fetchNextPage(), [fetchNextPage]);

  useInboxKeys(
    {
      items,
      cursor,
      setCursor,
      open,
      close: () => navigate({ m: null, tab: null }),
      openId: url.m,
      remove,
      toggleRead: (m) => setRead.mutate({ ids: [m.ID], read: !m.Read }),
      search: searchRef,
    },
    keysEnabled,
  );

  const failure = list.error ?? del.error ?? delAll.error ?? setRead.error;
  const searching = url.q !== "";
  return (
    <section className="inbox" aria-label="Inbox">
      <div className="pane-toolbar">
        <SearchBox value={url.q} onSearch={(q) => navigate({ q }, { replace: true })} inputRef={searchRef} />
      </div>
      <div className="inbox-meta">
        <p className="inbox-count" aria-live="polite" data-testid="inbox-count">
          {searching ? (
            <>
              <strong>{plural(matched, "match", "matches")}</strong>
              <span className="muted"> of {total.toLocaleString()}</span>
            </>
          ) : (
            <>
              <strong>{plural(total, "message")}</strong>
              {unread > 0 ? <span className="muted"> · {unread.toLocaleString()} unread</span> : null}
            </>
          )}
        </p>
        <div className="inbox-actions">
          <button type="button" className="icon-button" aria-label="Mark all as read" title="Mark all as read" disabled={unread === 0} onClick={() => setRead.mutate({ ids: [], read: true })}>
            <Icon name="mailOpen" size={17} />
          </button>
          {webui.data?.hideDeleteAll === true ? null : (
            <button type="button" className="icon-button danger" aria-label="Delete all messages" title="Delete all messages" disabled={total === 0} onClick={() => setConfirming(true)}>
              <Icon name="trash" size={17} />
            </button>
          )}
        </div>
      </div>
      <PrunedNotice count={pruned.data} />
      {failure !== null ? (
        <p className="notice notice-error" role="alert">
          {errorText(failure)}
        </p>
      ) : null}
      {list.isPending ? (
        <div className="loading" aria-live="polite">Loading messages…</div>
      ) : items.length === 0 && !hasNextPage ? (
        searching ? <NoMatches query={url.q} /> : <EmptyInbox />
      ) : (
        <MessageList
          items={items}
          total={matched}
          cursor={cursor}
          openId={url.m}
          canLoadMore={hasNextPage && !isFetchingNextPage}
          loadMore={loadMore}
          onOpen={open}
          label={searching ? `Messages matching ${url.q}` : "Messages"}
        />
      )}
      <ConfirmDialog
        open={confirming}
        title="Delete all messages?"
        message={`This deletes ${plural(total, "message")} from Mailscope. Sessions and their transcripts are kept.`}
        confirmLabel="Delete all"
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          delAll.mutate();
          navigate({ m: null, tab: null });
          setCursor(-1);
        }}
      />
    </section>
  );
}
