// The header's way into the panel, with the number of rules: a reminder that
// SMTP is answering with faults on purpose, whichever view is open.
import type { ReactElement, RefObject } from "react";
import { Icon } from "../../../components/icons.js";
import { isMissingRoute } from "../../../lib/api/client.js";
import { useFaults } from "../api/get-faults.js";

export interface FaultsButtonProps {
  open: boolean;
  onToggle: () => void;
  buttonRef: RefObject<HTMLButtonElement | null>;
}

export function FaultsButton({ open, onToggle, buttonRef }: FaultsButtonProps): ReactElement | null {
  const faults = useFaults(false);
  // An older server without fault rules: no button that opens an error.
  if (isMissingRoute(faults.error)) return null;
  const count = faults.data?.rules.length ?? 0;
  return (
    <button
      ref={buttonRef}
      type="button"
      className="view-tab faults-toggle"
      aria-expanded={open}
      aria-controls={open ? "faults-panel" : undefined}
      // On the button, not the badge: a narrow screen hides the label text, and a
      // name on a plain <span> is not reliably read out.
      aria-label={count > 0 ? `Faults, ${count} ${count === 1 ? "rule" : "rules"}` : "Faults"}
      title="Fault rules (f)"
      onClick={onToggle}
      data-testid="faults-button"
    >
      <Icon name="bolt" size={16} />
      <span>Faults</span>
      {count > 0 ? (
        <span className="count-badge count-badge-warn" aria-hidden="true" data-testid="faults-count">
          {count > 99 ? "99+" : count}
        </span>
      ) : null}
    </button>
  );
}
