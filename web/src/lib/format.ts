// Small, pure formatting helpers for addresses, sizes and times.
import type { Address } from "@mailscope/shared";

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ["kB", "MB", "GB"];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i] ?? "GB"}`;
}

export function addressLabel(a: Address | null | undefined): string {
  if (a === null || a === undefined) return "";
  return a.Name !== "" ? a.Name : a.Address;
}

export function addressFull(a: Address): string {
  return a.Name !== "" ? `${a.Name} <${a.Address}>` : a.Address;
}

export function addressList(list: readonly Address[]): string {
  return list.map(addressLabel).join(", ");
}

const timeFmt = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
const timeSecFmt = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });
const dayFmt = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric" });
const fullFmt = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });

/** A list time: the clock for today, the day otherwise. */
export function shortTime(iso: string, now = new Date()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  return d.toDateString() === now.toDateString() ? timeFmt.format(d) : dayFmt.format(d);
}

/** Today's times to the second (sessions come in bursts), other days by date. */
export function preciseTime(iso: string, now = new Date()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  return d.toDateString() === now.toDateString() ? timeSecFmt.format(d) : dayFmt.format(d);
}

export function clockTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? "" : timeSecFmt.format(d);
}

export function fullTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : fullFmt.format(d);
}

/** Milliseconds as a transcript shows them: sub-millisecond precision only where it matters. */
export function formatMs(ms: number): string {
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 100) return `${ms.toFixed(1)} ms`;
  if (ms < 10_000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}
