// HTML compatibility, link status and extracted links and codes, where the
// server offers them; a missing endpoint says so instead of failing.
import { useState, type ReactElement, type ReactNode } from "react";
import { errorText, isMissingRoute } from "../../../lib/api/client.js";
import { useExtract, useHtmlCheck, useLinkCheck } from "../api/get-checks.js";

function Section({ title, children }: { title: string; children: ReactNode }): ReactElement {
  return (
    <section className="check-section" aria-label={title}>
      <h3 className="section-title">{title}</h3>
      {children}
    </section>
  );
}

function Problem({ error }: { error: unknown }): ReactElement {
  return isMissingRoute(error) ? <p className="muted">This server does not offer this check yet.</p> : <p className="notice notice-error">{errorText(error)}</p>;
}

function pct(n: number): string {
  return `${Math.round(n)}%`;
}

export function ChecksTab({ id, hasHtml }: { id: string; hasHtml: boolean }): ReactElement {
  const [checkLinks, setCheckLinks] = useState(false);
  const html = useHtmlCheck(id, hasHtml);
  const links = useLinkCheck(id, checkLinks);
  const extract = useExtract(id);
  return (
    <div className="checks-tab">
      <Section title="Extracted links and codes">
        {extract.isPending ? <p className="muted">Loading…</p> : extract.isError ? <Problem error={extract.error} /> : extract.data.every((g) => g.values.length === 0) ? (
          <p className="muted">Nothing found.</p>
        ) : (
          extract.data.filter((g) => g.values.length > 0).map((g) => (
            <div key={g.label} className="extract-group">
              <h4>{g.label}</h4>
              <ul className="extract-list">
                {g.values.map((v, i) => (
                  <li key={i}>
                    <code>{v}</code>
                  </li>
                ))}
              </ul>
            </div>
          ))
        )}
      </Section>
      <Section title="HTML compatibility">
        {!hasHtml ? <p className="muted">No HTML part.</p> : html.isPending ? <p className="muted">Checking…</p> : html.isError ? <Problem error={html.error} /> : (
          <>
            <p className="score-line">
              <span className="score score-ok">{pct(html.data.supported)} supported</span>
              <span className="score score-warn">{pct(html.data.partial)} partial</span>
              <span className="score score-bad">{pct(html.data.unsupported)} unsupported</span>
            </p>
            <ul className="warning-list">
              {/* Features every client supports are not worth a line; the worst come first. */}
              {html.data.warnings.filter((w) => w.unsupported + w.partial > 0).sort((a, b) => b.unsupported + b.partial / 2 - (a.unsupported + a.partial / 2)).map((w, i) => (
                <li key={i}>
                  <strong>{w.title}</strong> <span className="muted">({w.category}, found {w.found}×)</span> — {pct(w.unsupported)} unsupported{w.partial > 0 ? `, ${pct(w.partial)} partial` : ""}
                </li>
              ))}
            </ul>
          </>
        )}
      </Section>
      <Section title="Links">
        {!checkLinks ? (
          <button type="button" className="button button-small" onClick={() => setCheckLinks(true)}>
            Check links
          </button>
        ) : links.isPending ? <p className="muted">Checking links…</p> : links.isError ? <Problem error={links.error} /> : (
          <ul className="link-list">
            {links.data.links.map((l, i) => (
              <li key={i} className={l.code >= 200 && l.code < 400 ? "link-ok" : "link-bad"}>
                <span className="link-code">{l.code || "—"}</span> <code>{l.url}</code> <span className="muted">{l.status}</span>
              </li>
            ))}
          </ul>
        )}
      </Section>
    </div>
  );
}
