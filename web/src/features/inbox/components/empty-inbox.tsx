// What a new user sees first: where to send mail, ready to paste.
import type { ReactElement } from "react";
import { Icon } from "../../../components/icons.js";
import { useWebUi } from "../api/get-webui.js";

export function EmptyInbox(): ReactElement {
  const webui = useWebUi();
  const fallback = `${window.location.hostname || "127.0.0.1"}:1025`;
  const smtp = webui.data?.smtpAddress !== undefined && webui.data.smtpAddress !== "" ? webui.data.smtpAddress : fallback;
  const [host = "127.0.0.1", port = "1025"] = smtp.startsWith("[") ? [smtp.slice(0, smtp.lastIndexOf(":")), smtp.slice(smtp.lastIndexOf(":") + 1)] : smtp.split(":");
  return (
    <div className="empty" data-testid="empty-inbox">
      <div className="empty-icon">
        <Icon name="inbox" size={28} />
      </div>
      <h2 className="empty-title">Waiting for mail</h2>
      <p className="empty-text">
        Point your app's SMTP settings at <code className="chip">{smtp}</code>. No TLS or login needed; new messages show up here the moment they arrive.
      </p>
      <dl className="empty-settings">
        <div>
          <dt>Host</dt>
          <dd>
            <code>{host}</code>
          </dd>
        </div>
        <div>
          <dt>Port</dt>
          <dd>
            <code>{port}</code>
          </dd>
        </div>
      </dl>
      <pre className="empty-snippet" aria-label="Example command">
        <code>{`swaks --server ${smtp} --to you@example.test`}</code>
      </pre>
    </div>
  );
}

export function NoMatches({ query }: { query: string }): ReactElement {
  return (
    <div className="empty empty-small">
      <h2 className="empty-title">No messages match</h2>
      <p className="empty-text">
        Nothing matches <code className="chip">{query}</code>. Try <code>from:</code>, <code>to:</code>, <code>subject:</code>, <code>is:unread</code> or{" "}
        <code>has:attachment</code>.
      </p>
    </div>
  );
}
