// An in-app link: a real href (open in a new tab, copy the link) that
// navigates without a reload on a plain click.
import type { ReactElement, ReactNode } from "react";
import { navigate, urlFor, type UrlState } from "../lib/url-state.js";

const BLANK: UrlState = { view: "inbox", m: null, tab: null, q: "", s: null, sf: "", faults: false };

export function AppLink({ to, children, className, label }: { to: Partial<UrlState>; children: ReactNode; className?: string; label?: string }): ReactElement {
  const target = { ...BLANK, ...to };
  return (
    <a
      href={urlFor(target)}
      className={className}
      aria-label={label}
      onClick={(e) => {
        if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        navigate(target);
      }}
    >
      {children}
    </a>
  );
}
