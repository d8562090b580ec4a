// "?" lists the keys.
import type { ReactElement } from "react";
import { Dialog } from "./dialog.js";

const KEYS: Array<[string[], string]> = [
  [["j", "↓"], "Next message or session"],
  [["k", "↑"], "Previous message or session"],
  [["Enter"], "Open the selected one"],
  [["Delete"], "Delete the selected message"],
  [["u"], "Mark read / unread"],
  [["/"], "Search"],
  [["Esc"], "Close the message, leave the search"],
  [["i"], "Inbox"],
  [["s"], "Sessions"],
  [["f"], "Fault rules panel"],
  [["?"], "This list"],
];

export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }): ReactElement {
  return (
    <Dialog open={open} title="Keyboard shortcuts" onClose={onClose} className="shortcuts">
      <dl className="shortcut-list">
        {KEYS.map(([keys, what]) => (
          <div key={what} className="shortcut">
            <dt>
              {keys.map((k) => (
                <kbd key={k}>{k}</kbd>
              ))}
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
      <p className="dialog-text muted">In a message, the tabs follow ← and → once one of them has focus.</p>
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose} autoFocus>
          Close
        </button>
      </div>
    </Dialog>
  );
}
