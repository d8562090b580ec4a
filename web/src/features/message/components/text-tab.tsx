// The plain-text part, as text.
import type { ReactElement } from "react";
import type { MessageDetail } from "../api/types.js";

export function TextTab({ message }: { message: MessageDetail }): ReactElement {
  if (message.Text === "") return <p className="panel-empty">This message has no plain-text part.</p>;
  return (
    <pre className="text-body" data-testid="text-body">
      {message.Text}
    </pre>
  );
}
