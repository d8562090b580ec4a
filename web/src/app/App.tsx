// The shell: top bar (views, feed state, theme, keys) and two panes, list
// and detail. On a narrow screen the detail replaces the list.
import { useEffect, useState, type ReactElement } from "react";
import { Icon, Logo } from "../components/icons.js";
import { FeedStatus } from "../components/feed-status.js";
import { ShortcutsDialog } from "../components/shortcuts-dialog.js";
import { ThemeSwitch } from "../components/theme-switch.js";
import { FaultsButton } from "../features/faults/components/faults-button.js";
import { FaultsPanel } from "../features/faults/components/faults-panel.js";
import { useFaultsPanel } from "../features/faults/hooks/use-faults-panel.js";
import { InboxPane } from "../features/inbox/components/inbox-pane.js";
import { MessageView } from "../features/message/components/message-view.js";
import { SessionDetailView } from "../features/sessions/components/session-detail.js";
import { SessionsPane } from "../features/sessions/components/sessions-pane.js";
import { useUrlState } from "../lib/url-state.js";
import { useHotkeys } from "../lib/use-hotkeys.js";
import { useStats } from "../lib/use-stats.js";

function Placeholder({ text }: { text: string }): ReactElement {
  return (
    <div className="detail-placeholder">
      <Icon name="mail" size={36} />
      <p>{text}</p>
      <p className="muted">
        <kbd>j</kbd> <kbd>k</kbd> to move, <kbd>Enter</kbd> to open, <kbd>?</kbd> for all keys
      </p>
    </div>
  );
}

export function App(): ReactElement {
  const [url, navigate] = useUrlState();
  const [help, setHelp] = useState(false);
  const faults = useFaultsPanel();
  const stats = useStats();
  const unread = stats.data?.Unread ?? 0;

  useEffect(() => {
    document.title = unread > 0 ? `(${unread.toLocaleString()}) Mailscope` : "Mailscope";
  }, [unread]);

  useHotkeys(
    {
      "?": () => setHelp(true),
      i: () => navigate({ view: "inbox" }),
      s: () => navigate({ view: "sessions" }),
      f: faults.toggle,
    },
    !help,
  );

  const inbox = url.view === "inbox";
  const detailOpen = inbox ? url.m !== null : url.s !== null;
  return (
    <div className={`app${detailOpen ? " has-detail" : ""}${faults.open ? " has-faults" : ""}`}>
      <header className="topbar">
        <a className="brand" href="./" aria-label="Mailscope home">
          <Logo size={26} />
          <h1 className="brand-name">Mailscope</h1>
        </a>
        <nav className="views" aria-label="Views">
          <button type="button" className="view-tab" aria-current={inbox ? "page" : undefined} onClick={() => navigate({ view: "inbox" })}>
            <Icon name="inbox" size={16} />
            <span>Inbox</span>
            {unread > 0 ? (
              <span className="count-badge" aria-label={`${unread} unread`}>
                {unread > 9999 ? "9999+" : unread}
              </span>
            ) : null}
          </button>
          <button type="button" className="view-tab" aria-current={!inbox ? "page" : undefined} onClick={() => navigate({ view: "sessions" })}>
            <Icon name="sessions" size={16} />
            <span>Sessions</span>
          </button>
        </nav>
        <div className="topbar-end">
          <FaultsButton open={faults.open} onToggle={faults.toggle} buttonRef={faults.buttonRef} />
          <FeedStatus />
          <ThemeSwitch />
          <button type="button" className="icon-button hide-narrow" onClick={() => setHelp(true)} aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)">
            <Icon name="keyboard" size={18} />
          </button>
        </div>
      </header>
      <main className="panes">
        <div className="pane pane-list">{inbox ? <InboxPane keysEnabled={!help} /> : <SessionsPane keysEnabled={!help} />}</div>
        <div className="pane pane-detail">
          {inbox ? (
            url.m !== null ? <MessageView key={url.m} id={url.m} /> : <Placeholder text="Select a message to read it" />
          ) : url.s !== null ? (
            <SessionDetailView key={url.s} id={url.s} onClose={() => navigate({ s: null })} />
          ) : (
            <Placeholder text="Select a session to see its transcript" />
          )}
        </div>
        {faults.open ? <FaultsPanel onClose={faults.close} /> : null}
      </main>
      <ShortcutsDialog open={help} onClose={() => setHelp(false)} />
    </div>
  );
}
