// Open and close the faults panel. Its state is in the URL (?faults=1) like
// the rest of the page's state, so a link or a reload keeps it open.
import { useCallback, useRef, type RefObject } from "react";
import { useUrlState } from "../../../lib/url-state.js";

export interface FaultsPanelControl {
  open: boolean;
  toggle: () => void;
  close: () => void;
  /** The header button: focus returns there when the panel closes, not to <body>. */
  buttonRef: RefObject<HTMLButtonElement | null>;
}

export function useFaultsPanel(): FaultsPanelControl {
  const [url, navigate] = useUrlState();
  const buttonRef = useRef<HTMLButtonElement | null>(null);
  const open = url.faults;
  // replace: opening a side panel is not a page to go back through.
  const close = useCallback(() => {
    navigate({ faults: false }, { replace: true });
    buttonRef.current?.focus();
  }, [navigate]);
  const toggle = useCallback(() => {
    if (open) close();
    else navigate({ faults: true }, { replace: true });
  }, [open, close, navigate]);
  return { open, toggle, close, buttonRef };
}
