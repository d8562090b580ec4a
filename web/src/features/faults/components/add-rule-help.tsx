// How to add a rule, ready to paste: the panel lists and removes rules but
// does not edit them, since the tests that need faults set them through the
// API, and a form for every stage, match and action would be a second API.
import type { ReactElement } from "react";

// Short lines: the panel is 400 px wide at most, and a phone's whole width.
const EXAMPLE_BODY = `{"Name": "no such user",
  "Stage": "rcpt",
  "Match": {"Address": "bad@example.test"},
  "Action": {"Type": "reply", "Code": 550}}`;

export function AddRuleHelp(): ReactElement {
  // The API answers on the origin the page came from, so the example works as pasted.
  const origin = window.location.origin;
  const curl = `curl -X POST \\\n  ${origin}/api/v1/faults \\\n  -H 'Content-Type: application/json' \\\n  -d '${EXAMPLE_BODY}'`;
  return (
    <div className="fault-help">
      <p className="fault-help-text">At run time, through the API:</p>
      <pre className="empty-snippet fault-snippet" aria-label="Example: add a rule with curl">
        <code>{curl}</code>
      </pre>
      <p className="fault-help-text">
        Or when starting Mailscope, with <code>--fault</code> (repeatable) or a JSON list in <code>--faults</code>:
      </p>
      <pre className="empty-snippet fault-snippet" aria-label="Example: add a rule with the --fault flag">
        <code>{"mailscope --fault 'rcpt:bad@example.test=550 5.1.1 No such user'"}</code>
      </pre>
      <p className="fault-help-text muted">
        Stages, matches and actions are in the <a href="/api/docs" target="_blank" rel="noreferrer">API docs</a> (POST /api/v1/faults).
      </p>
    </div>
  );
}
