// The HTML preview: the mail rendered in a sandboxed, script-less,
// opaque-origin iframe, remote content held back until the user allows it
// for this message, at phone, tablet or desktop width.
import { useMemo, useState, type ReactElement } from "react";
import { Icon, type IconName } from "../../../components/icons.js";
import { plural } from "../../../lib/format.js";
import { messagePath } from "../api/get-message.js";
import type { MessageDetail } from "../api/types.js";
import { buildPreview } from "../lib/build-preview.js";

type Width = "phone" | "tablet" | "desktop";
const WIDTHS: Array<{ id: Width; label: string; px: number | null; icon: IconName }> = [
  { id: "phone", label: "Phone", px: 375, icon: "phone" },
  { id: "tablet", label: "Tablet", px: 768, icon: "tablet" },
  { id: "desktop", label: "Desktop", px: null, icon: "desktop" },
];

export interface HtmlTabProps {
  message: MessageDetail;
  allowRemote: boolean;
  onAllowRemote: () => void;
}

export function HtmlTab({ message, allowRemote, onAllowRemote }: HtmlTabProps): ReactElement {
  const [width, setWidth] = useState<Width>("desktop");
  const preview = useMemo(() => {
    const partPrefix = `${window.location.origin}${messagePath(message.ID)}/part/`;
    const cidUrls = new Map<string, string>();
    for (const p of [...message.Inline, ...message.Attachments]) {
      if (p.ContentID !== "") cidUrls.set(p.ContentID.replace(/^<|>$/g, ""), `${partPrefix}${encodeURIComponent(p.PartID)}`);
    }
    return buildPreview(message.HTML, { allowRemote, cidUrls, partPrefix });
  }, [message, allowRemote]);
  const px = WIDTHS.find((w) => w.id === width)?.px ?? null;

  return (
    <div className="html-tab">
      <div className="preview-bar">
        <div className="segmented" role="radiogroup" aria-label="Preview width">
          {WIDTHS.map((w) => (
            <button
              key={w.id}
              type="button"
              role="radio"
              aria-checked={width === w.id}
              className="segment"
              onClick={() => setWidth(w.id)}
              title={w.px === null ? "Full width" : `${w.px} px`}
            >
              <Icon name={w.icon} size={15} />
              <span className="segment-label">{w.label}</span>
            </button>
          ))}
        </div>
        {preview.remote > 0 ? (
          allowRemote ? (
            <p className="remote-note" data-testid="remote-state">
              Remote content loaded ({plural(preview.remote, "resource")})
            </p>
          ) : (
            <div className="remote-note remote-blocked" data-testid="remote-state">
              <Icon name="image" size={15} />
              <span>{plural(preview.remote, "remote resource")} blocked</span>
              <button type="button" className="button button-small" onClick={onAllowRemote}>
                Load remote content
              </button>
            </div>
          )
        ) : null}
      </div>
      <div className="preview-stage">
        <iframe
          className="preview-frame"
          title={`HTML preview of “${message.Subject}”`}
          sandbox="allow-popups allow-popups-to-escape-sandbox"
          referrerPolicy="no-referrer"
          srcDoc={preview.srcdoc}
          style={px === null ? undefined : { width: px }}
          data-testid="html-preview"
        />
      </div>
    </div>
  );
}
