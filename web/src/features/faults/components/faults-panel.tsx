// The faults panel: a drawer beside the inbox or the sessions, so a rule's
// Fired count can be watched while the sessions it breaks come in.
import { useCallback, useEffect, useRef, useState, type KeyboardEvent, type ReactElement } from "react";
import { ConfirmDialog } from "../../../components/dialog.js";
import { Icon } from "../../../components/icons.js";
import { errorText, isMissingRoute } from "../../../lib/api/client.js";
import { plural } from "../../../lib/format.js";
import type { FaultRule } from "../api/decode-rule.js";
import { useFaults } from "../api/get-faults.js";
import { useRemoveAllFaults } from "../api/remove-all-faults.js";
import { useRemoveFault } from "../api/remove-fault.js";
import { AddRuleHelp } from "./add-rule-help.js";
import { FaultRuleItem } from "./fault-rule-item.js";
import { FaultsEmpty } from "./faults-empty.js";

export function FaultsPanel({ onClose }: { onClose: () => void }): ReactElement {
  const faults = useFaults(true);
  const remove = useRemoveFault();
  const removeAll = useRemoveAllFaults();
  const [confirming, setConfirming] = useState(false);
  const panel = useRef<HTMLElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const rules = faults.data?.rules ?? [];

  // Keyboard users land in the panel they opened.
  useEffect(() => {
    heading.current?.focus();
  }, []);

  // A removed rule's button goes with it, and focus would fall to <body>, out
  // of the panel (and out of reach of its Escape). Once the list has changed,
  // put focus back on the panel's heading.
  const refocus = useRef(false);
  useEffect(() => {
    if (!refocus.current) return;
    refocus.current = false;
    const active = document.activeElement;
    // A disabled button (Remove all, while it works) takes no keys.
    const lost = !(panel.current?.contains(active) ?? false) || (active instanceof HTMLButtonElement && active.disabled);
    if (lost) heading.current?.focus();
  }, [rules]);
  const holdFocus = useCallback((): void => {
    refocus.current = panel.current?.contains(document.activeElement) ?? false;
  }, []);
  // Stable, so the polls (which keep unchanged rules identical) do not redraw every row.
  const { mutate: removeRule } = remove;
  const onRemove = useCallback(
    (rule: FaultRule): void => {
      holdFocus();
      removeRule(rule.ID);
    },
    [removeRule, holdFocus],
  );

  const onKeyDown = (e: KeyboardEvent<HTMLElement>): void => {
    // The confirmation handles its own Escape; and the page's Escape (close the
    // message) must not fire too, hence preventDefault (useHotkeys skips those).
    if (e.key !== "Escape" || confirming) return;
    e.preventDefault();
    onClose();
  };

  const failure = faults.error ?? remove.error ?? removeAll.error;
  return (
    <aside id="faults-panel" ref={panel} className="faults-panel" aria-labelledby="faults-title" data-testid="faults-panel" onKeyDown={onKeyDown}>
      <header className="faults-header">
        <h2 id="faults-title" className="faults-title" ref={heading} tabIndex={-1}>
          <Icon name="bolt" size={17} />
          Fault rules
        </h2>
        {rules.length > 0 ? (
          <button type="button" className="button button-small button-danger-quiet" disabled={removeAll.isPending} onClick={() => setConfirming(true)}>
            Remove all
          </button>
        ) : null}
        <button type="button" className="icon-button" aria-label="Close fault rules" title="Close (Esc)" onClick={onClose}>
          <Icon name="x" size={18} />
        </button>
      </header>
      {rules.length > 0 ? (
        <p className="faults-intro">
          <strong>{plural(rules.length, "rule")}</strong>
          <span className="muted"> · tried in order at each SMTP step; the first that matches fires.</span>
        </p>
      ) : null}
      {failure !== null ? (
        <p className="notice notice-error" role="alert">
          {isMissingRoute(failure) ? "This server has no fault rules API." : errorText(failure)}
        </p>
      ) : null}
      <div className="faults-body">
        {faults.isPending ? (
          <div className="loading">Loading rules…</div>
        ) : rules.length === 0 ? (
          faults.isError ? null : <FaultsEmpty />
        ) : (
          <>
            <ol className="fault-list" aria-label="Active fault rules">
              {rules.map((r) => (
                <FaultRuleItem key={r.ID} rule={r} removing={remove.isPending && remove.variables === r.ID} onRemove={onRemove} />
              ))}
            </ol>
            <details className="faults-more">
              <summary>Add another rule</summary>
              <AddRuleHelp />
            </details>
          </>
        )}
      </div>
      <ConfirmDialog
        open={confirming}
        title="Remove all fault rules?"
        message={`This removes ${plural(rules.length, "rule")}, Mailpit chaos and MailHog Jim included. Every SMTP step then answers normally.`}
        confirmLabel="Remove all"
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          // The dialog hands focus back to "Remove all", which is in the panel.
          holdFocus();
          removeAll.mutate();
        }}
      />
    </aside>
  );
}
