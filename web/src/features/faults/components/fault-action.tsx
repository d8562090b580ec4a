// What a rule does, as the client will see it: the reply code first, coloured
// by its class, then the text or what happens instead.
import type { ReactElement } from "react";
import type { FaultAction, ReplyAction } from "../api/decode-rule.js";
import { delayText, replyCode, replyNote, replyTone } from "../lib/describe-rule.js";

function Reply({ action }: { action: ReplyAction }): ReactElement {
  return (
    <>
      <code className={`fault-code fault-code-${replyTone(action.Code)}`}>{replyCode(action)}</code>
      <span className={action.Text === null ? "muted" : undefined}>{replyNote(action)}</span>
    </>
  );
}

function Drop(): ReactElement {
  return (
    <>
      <code className="fault-code fault-code-bad">drop</code>
      <span>close the connection, no reply</span>
    </>
  );
}

export function FaultActionView({ action }: { action: FaultAction }): ReactElement {
  switch (action.Type) {
    case "reply":
      return (
        <p className="fault-action">
          <Reply action={action} />
        </p>
      );
    case "drop":
      return (
        <p className="fault-action">
          <Drop />
        </p>
      );
    case "delay":
      return (
        <div className="fault-action fault-action-delay">
          <p className="fault-action">
            <code className="fault-code fault-code-info">delay</code>
            <span>{delayText(action)}</span>
          </p>
          <p className="fault-action fault-then">
            <span className="muted">then</span>
            {action.Then === null ? <span>go on as normal</span> : action.Then.Type === "drop" ? <Drop /> : <Reply action={action.Then} />}
          </p>
        </div>
      );
    case "other":
      return (
        <p className="fault-action muted">
          {action.Name !== "" ? `${action.Name}: an action this page does not know` : "An action this page cannot read"}
        </p>
      );
  }
}
