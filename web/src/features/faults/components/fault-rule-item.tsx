// One rule: where it applies and what it matches, what it does, how often,
// how often it has fired so far, and a button to remove it.
import { memo, type ReactElement } from "react";
import { Icon } from "../../../components/icons.js";
import { clockTime } from "../../../lib/format.js";
import type { FaultRule } from "../api/decode-rule.js";
import { frequencyText, isSpent, matchParts, ruleTitle, stageLabel } from "../lib/describe-rule.js";
import { FaultActionView } from "./fault-action.js";

const SOURCES: Record<string, string> = { api: "API", cli: "--fault", file: "--faults file", chaos: "Mailpit chaos", jim: "MailHog Jim" };

export interface FaultRuleItemProps {
  rule: FaultRule;
  removing: boolean;
  onRemove: (rule: FaultRule) => void;
}

export const FaultRuleItem = memo(function FaultRuleItem({ rule, removing, onRemove }: FaultRuleItemProps): ReactElement {
  const title = ruleTitle(rule);
  const match = matchParts(rule);
  const spent = isSpent(rule);
  const added = clockTime(rule.Created);
  return (
    <li className={`fault-rule${spent ? " is-spent" : ""}`} data-testid="fault-rule" data-id={rule.ID} aria-label={title}>
      <div className="fault-head">
        <span className="label fault-stage">{stageLabel(rule.Stage)}</span>
        <h3 className="fault-name" title={title}>
          {title}
        </h3>
        <button
          type="button"
          className="icon-button danger"
          aria-label={`Remove fault rule ${title}`}
          title="Remove this rule"
          disabled={removing}
          onClick={() => onRemove(rule)}
        >
          <Icon name="trash" size={16} />
        </button>
      </div>
      <FaultActionView action={rule.Action} />
      <dl className="fault-facts">
        <div className="fault-fact">
          <dt>Matches</dt>
          <dd>
            {match.length === 0 ? (
              <span className="muted">every {rule.Stage === "any" ? "step" : "time this step runs"}</span>
            ) : (
              match.map((p) => (
                <span key={p.label} className="fault-match">
                  <span className="muted">{p.label}</span> <code>{p.value}</code>
                </span>
              ))
            )}
          </dd>
        </div>
        <div className="fault-fact">
          <dt>How often</dt>
          <dd className={spent ? "fault-spent" : undefined}>{frequencyText(rule)}</dd>
        </div>
        <div className="fault-fact">
          <dt>Fired</dt>
          <dd>
            <span>
              <strong className="fault-fired" data-testid="fault-fired">
                {rule.Fired.toLocaleString()}
              </strong>
              <span className="muted"> {rule.Fired === 1 ? "time" : "times"}</span>
            </span>
          </dd>
        </div>
        <div className="fault-fact">
          <dt>Set by</dt>
          <dd className="muted">
            {SOURCES[rule.Source] ?? (rule.Source || "unknown")}
            {added !== "" ? ` at ${added}` : ""}
          </dd>
        </div>
      </dl>
    </li>
  );
});
