// A few stroke icons drawn inline (no icon font, no request). Decorative by
// default: the control that holds one carries the accessible name.
import type { ReactElement } from "react";

const PATHS = {
  inbox: "M3 13h4l2 3h6l2-3h4M5 5h14l2 8v6H3v-6z",
  sessions: "M4 6h16M4 12h10M4 18h13M18 15l3 3-3 3",
  search: "M11 18a7 7 0 1 1 0-14 7 7 0 0 1 0 14zM20 20l-4-4",
  trash: "M4 7h16M10 11v6M14 11v6M6 7l1 13h10l1-13M9 7V4h6v3",
  sun: "M12 17a5 5 0 1 0 0-10 5 5 0 0 0 0 10zM12 1v2M12 21v2M4.2 4.2l1.4 1.4M18.4 18.4l1.4 1.4M1 12h2M21 12h2M4.2 19.8l1.4-1.4M18.4 5.6l1.4-1.4",
  moon: "M21 12.8A9 9 0 1 1 11.2 3a7 7 0 0 0 9.8 9.8z",
  monitor: "M3 4h18v12H3zM8 20h8M12 16v4",
  keyboard: "M2 6h20v12H2zM6 10h.01M10 10h.01M14 10h.01M18 10h.01M7 14h10",
  back: "M15 18l-6-6 6-6",
  up: "M18 15l-6-6-6 6",
  down: "M6 9l6 6 6-6",
  download: "M12 3v12M7 10l5 5 5-5M4 21h16",
  paperclip: "M21 11l-9 9a6 6 0 0 1-8.5-8.5l9-9a4 4 0 0 1 5.7 5.7l-9 9a2 2 0 0 1-2.8-2.8l8.3-8.3",
  mail: "M3 5h18v14H3zM3 6l9 7 9-7",
  mailOpen: "M3 10l9-6 9 6v10H3zM3 10l9 6 9-6",
  lock: "M6 11h12v10H6zM8 11V7a4 4 0 0 1 8 0v4",
  key: "M15 7a4 4 0 1 1-3.9 5H3v4h3v-2h2v2h3.1A4 4 0 0 1 15 7z",
  plug: "M9 2v6M15 2v6M6 8h12v4a6 6 0 0 1-12 0zM12 18v4",
  check: "M5 12l5 5 9-10",
  x: "M6 6l12 12M18 6L6 18",
  alert: "M12 3l10 18H2zM12 10v5M12 18h.01",
  bolt: "M13 2L4 14h7l-1 8 9-12h-7z",
  external: "M14 4h6v6M20 4l-9 9M18 14v6H4V6h6",
  image: "M3 5h18v14H3zM3 16l5-5 4 4 3-3 6 6M15 9h.01",
  phone: "M7 2h10v20H7zM11 18h2",
  tablet: "M4 3h16v18H4zM11 18h2",
  desktop: "M2 4h20v13H2zM8 21h8M12 17v4",
  refresh: "M20 11a8 8 0 1 0-2.3 5.7M20 4v7h-7",
  file: "M6 2h8l5 5v15H6zM14 2v5h5",
  folder: "M3 6h6l2 2h10v11H3z",
  info: "M12 22a10 10 0 1 1 0-20 10 10 0 0 1 0 20zM12 11v6M12 7h.01",
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name, size = 16, className }: { name: IconName; size?: number; className?: string }): ReactElement {
  return (
    <svg
      className={className === undefined ? "icon" : `icon ${className}`}
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={PATHS[name]} />
    </svg>
  );
}

/** The brand mark: an envelope under a magnifier, drawn once. */
export function Logo({ size = 24 }: { size?: number }): ReactElement {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false" className="logo-mark">
      <rect x="2" y="6" width="22" height="16" rx="3" fill="var(--accent)" />
      <path d="M3.5 8l9.5 7 9.5-7" fill="none" stroke="var(--accent-contrast)" strokeWidth="2" strokeLinecap="round" />
      <circle cx="23" cy="21" r="6" fill="var(--surface)" stroke="var(--fg)" strokeWidth="2.4" />
      <path d="M27.3 25.3L30 28" stroke="var(--fg)" strokeWidth="2.6" strokeLinecap="round" />
    </svg>
  );
}
