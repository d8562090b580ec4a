// Attachments and inline parts with download and thumbnails, and the MIME tree.
import { useMemo, type ReactElement } from "react";
import { Icon } from "../../../components/icons.js";
import { formatBytes } from "../../../lib/format.js";
import { messagePath, useRawSource } from "../api/get-message.js";
import type { MessageDetail, Part } from "../api/types.js";
import { mimeTree, type MimeNode } from "../lib/mime-tree.js";
import { safeFileName } from "../lib/safe-name.js";

function PartCard({ id, part, kind }: { id: string; part: Part; kind: string }): ReactElement {
  const url = `${messagePath(id)}/part/${encodeURIComponent(part.PartID)}`;
  const name = safeFileName(part.FileName, `part-${part.PartID}`);
  const image = part.ContentType.startsWith("image/");
  return (
    <li className="part-card" data-testid="part-card">
      <div className="part-thumb" aria-hidden="true">
        {image ? <img src={`${url}/thumb`} alt="" loading="lazy" /> : <Icon name="file" size={26} />}
      </div>
      <div className="part-info">
        <span className="part-name" title={part.FileName}>
          {part.FileName !== "" ? part.FileName : `(unnamed ${kind} part)`}
        </span>
        <span className="muted part-meta">
          {part.ContentType || "application/octet-stream"} · {formatBytes(part.Size)}
          {part.ContentID !== "" ? ` · cid:${part.ContentID}` : ""}
        </span>
      </div>
      <a className="icon-button" href={url} download={name} aria-label={`Download ${name}`} title={`Download ${name}`}>
        <Icon name="download" size={17} />
      </a>
    </li>
  );
}

function TreeNode({ node }: { node: MimeNode }): ReactElement {
  return (
    <li>
      <span className="mime-type">{node.contentType}</span>
      {node.fileName !== "" ? <span className="mime-name"> {node.fileName}</span> : null}
      <span className="muted">
        {" "}
        · {formatBytes(node.size)}
        {node.encoding !== "" ? ` · ${node.encoding}` : ""}
        {node.disposition !== "" ? ` · ${node.disposition}` : ""}
        {node.contentId !== "" ? ` · cid:${node.contentId}` : ""}
      </span>
      {node.children.length > 0 ? (
        <ul>
          {node.children.map((c, i) => (
            <TreeNode key={i} node={c} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

export function PartsTab({ message, id }: { message: MessageDetail | undefined; id: string }): ReactElement {
  const raw = useRawSource(id);
  const tree = useMemo(() => (raw.data === undefined ? null : mimeTree(raw.data)), [raw.data]);
  const attachments = message?.Attachments ?? [];
  const inline = message?.Inline ?? [];
  return (
    <div className="parts-tab">
      {message !== undefined ? (
        <section aria-label="Attachments">
          <h3 className="section-title">Attachments ({attachments.length})</h3>
          {attachments.length === 0 ? <p className="muted">No attachments.</p> : null}
          <ul className="part-grid">
            {attachments.map((p) => (
              <PartCard key={p.PartID} id={id} part={p} kind="attached" />
            ))}
          </ul>
          {inline.length > 0 ? (
            <>
              <h3 className="section-title">Inline ({inline.length})</h3>
              <ul className="part-grid">
                {inline.map((p) => (
                  <PartCard key={p.PartID} id={id} part={p} kind="inline" />
                ))}
              </ul>
            </>
          ) : null}
        </section>
      ) : null}
      <section aria-label="MIME structure">
        <h3 className="section-title">MIME structure</h3>
        {tree === null ? <p className="muted">Loading…</p> : <ul className="mime-tree" data-testid="mime-tree"><TreeNode node={tree} /></ul>}
      </section>
    </div>
  );
}
