// No rules: say what that means for SMTP, then how to add one.
import type { ReactElement } from "react";
import { Icon } from "../../../components/icons.js";
import { AddRuleHelp } from "./add-rule-help.js";

export function FaultsEmpty(): ReactElement {
  return (
    <div className="fault-empty" data-testid="faults-empty">
      <div className="empty-icon">
        <Icon name="bolt" size={26} />
      </div>
      <h3 className="empty-title">No fault rules</h3>
      <p className="empty-text">Every SMTP step answers normally. A rule makes one step fail, stall or drop the connection, so your app meets a server in trouble.</p>
      <AddRuleHelp />
    </div>
  );
}
