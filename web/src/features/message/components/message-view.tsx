// One message: header and envelope, then the tabs. The tab is in the URL;
// remote content is allowed per message (state dies with the view).
import { useState, type ReactElement } from "react";
import { TabList, TabPanel, type TabItem } from "../../../components/tabs.js";
import { ApiError, errorText, isMissingRoute } from "../../../lib/api/client.js";
import { tagQuery } from "../../../components/tag-list.js";
import { useUrlState } from "../../../lib/url-state.js";
import { useCachedSummary, useMessage } from "../api/get-message.js";
import { useDeleteMessage, useMarkRead } from "../api/mutations.js";
import { ChecksTab } from "./checks-tab.js";
import { EnvelopeFacts } from "./envelope-facts.js";
import { HeadersTab } from "./headers-tab.js";
import { HtmlTab } from "./html-tab.js";
import { MessageHeader } from "./message-header.js";
import { PartsTab } from "./parts-tab.js";
import { SourceTab } from "./source-tab.js";
import { TextTab } from "./text-tab.js";
import { TranscriptTab } from "./transcript-tab.js";

const TAB_IDS = ["html", "text", "headers", "source", "parts", "transcript", "checks"] as const;
type TabId = (typeof TAB_IDS)[number];

function Unavailable({ what }: { what: string }): ReactElement {
  return (
    <p className="notice notice-info">
      {what} needs <code>GET /api/v1/message/&#123;ID&#125;</code>, which this server does not offer yet. The headers, source and transcript are
      available.
    </p>
  );
}

export function MessageView({ id }: { id: string }): ReactElement {
  const [url, navigate] = useUrlState();
  const detail = useMessage(id);
  const summary = useCachedSummary(id);
  const del = useDeleteMessage();
  const markRead = useMarkRead();
  const [allowRemote, setAllowRemote] = useState(false);
  // On a phone the envelope starts folded so the message itself is in view.
  const [envelopeOpen] = useState(() => !window.matchMedia("(max-width: 640px)").matches);

  const noDetail = isMissingRoute(detail.error);
  const gone = detail.error instanceof ApiError && detail.error.status === 404 && !noDetail;
  const m = detail.data;
  const sessionId = (m?.SessionID || summary?.SessionID) ?? undefined;
  const defaultTab: TabId = m === undefined ? (noDetail ? "headers" : "html") : m.HTML !== "" ? "html" : "text";
  const tab: TabId = TAB_IDS.find((t) => t === url.tab) ?? defaultTab;
  const attachments = m === undefined ? (summary?.Attachments ?? 0) : m.Attachments.length + m.Inline.length;

  if (gone) {
    return (
      <div className="message-gone" role="status">
        <h2>This message is gone</h2>
        <p className="muted">It was deleted or pruned.</p>
      </div>
    );
  }

  const tabs: TabItem[] = [
    { id: "html", label: "HTML", name: "HTML" },
    { id: "text", label: "Text", name: "Text" },
    { id: "headers", label: "Headers", name: "Headers" },
    { id: "source", label: "Source", name: "Source" },
    { id: "parts", label: attachments > 0 ? <>Parts <span className="tab-count">{attachments}</span></> : "Parts", name: "Parts" },
    { id: "transcript", label: "Transcript", name: "Transcript" },
    { id: "checks", label: "Checks", name: "Checks" },
  ];
  const subject = m?.Subject ?? summary?.Subject ?? "";
  const close = (): void => navigate({ m: null, tab: null });

  const panel = (): ReactElement => {
    if (tab === "headers") return <HeadersTab id={id} />;
    if (tab === "source") return <SourceTab id={id} subject={subject} />;
    if (tab === "transcript") return <TranscriptTab id={id} sessionId={sessionId} />;
    if (tab === "parts") return <PartsTab id={id} message={m} />;
    if (m === undefined) return noDetail ? <Unavailable what={tab === "checks" ? "Checks" : `The ${tab.toUpperCase()} view`} /> : detail.isError ? <p className="notice notice-error">{errorText(detail.error)}</p> : <p className="panel-empty">Loading…</p>;
    if (tab === "html") return m.HTML === "" ? <p className="panel-empty">This message has no HTML part.</p> : <HtmlTab message={m} allowRemote={allowRemote} onAllowRemote={() => setAllowRemote(true)} />;
    if (tab === "text") return <TextTab message={m} />;
    return <ChecksTab id={id} hasHtml={m.HTML !== ""} />;
  };

  return (
    <article className="message-view" aria-label={`Message: ${subject}`} data-testid="message-view">
      <MessageHeader
        facts={{
          id,
          subject,
          from: m?.From ?? summary?.From ?? null,
          to: m?.To ?? summary?.To ?? [],
          cc: m?.Cc ?? summary?.Cc ?? [],
          replyTo: m?.ReplyTo ?? summary?.ReplyTo ?? [],
          date: m?.Date || summary?.Created || "",
          size: m?.Size ?? summary?.Size ?? 0,
          read: summary?.Read,
          // The list row follows the live feed (tags set through the API show at once); the detail is a fetch.
          tags: summary?.Tags ?? m?.Tags ?? [],
        }}
        actions={{
          onClose: close,
          onDelete: () => {
            del.mutate(id);
            close();
          },
          onToggleRead: summary === undefined ? null : () => markRead.mutate({ id, read: !summary.Read }),
          onTag: (tag) => navigate({ q: tagQuery(tag) }),
        }}
      />
      {markRead.isError ? <p className="notice notice-error">{errorText(markRead.error)}</p> : null}
      <details className="envelope" open={envelopeOpen}>
        <summary>SMTP envelope</summary>
        <EnvelopeFacts id={id} summary={summary} sessionId={sessionId} />
      </details>
      <TabList tabs={tabs} current={tab} onSelect={(t) => navigate({ tab: t }, { replace: true })} idPrefix="msg" label="Message views" />
      <TabPanel idPrefix="msg" current={tab}>
        {panel()}
      </TabPanel>
    </article>
  );
}
