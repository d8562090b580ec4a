// Mailpit's HTML check from the caniemail package: which HTML and CSS
// features a message uses, and how well each email client supports them.
//
// The package's own checker reports only what one chosen client does not
// fully support, and throws for clients its data lacks. We want every feature
// used, so it runs as a detector: for one synchronous call, every feature
// reads "partial" for a single probe client, so each use comes back as one
// warning; the real data is restored before anything else can run, and the
// results per client are read from it.

import type { HtmlCheckResponse, HtmlCheckResult, HtmlCheckWarning } from "@mailscope/shared";
import { caniemail, rawData } from "caniemail";
import { elements, parseDom } from "./dom.js";

type Feature = (typeof rawData.data)[number];
type Stats = Feature["stats"];

const PROBE: Stats = { "apple-mail": { macos: { "0": "a" } } };
const FRAME = new Set(["html", "head", "meta", "title", "link", "base", "style"]);

/** Feature title -> how many times the HTML uses it. */
function detect(html: string): Map<string, number> {
  const saved = rawData.data.map((f) => f.stats);
  let warnings;
  try {
    for (const f of rawData.data) f.stats = PROBE;
    warnings = caniemail({ clients: ["apple-mail.macos"], html }).issues.warnings.get("apple-mail.macos") ?? [];
  } finally {
    rawData.data.forEach((f, i) => (f.stats = saved[i] ?? f.stats));
  }
  const found = new Map<string, number>();
  for (const w of warnings) found.set(w.title, (found.get(w.title) ?? 0) + 1);
  return found;
}

function results(f: Feature): HtmlCheckResult[] {
  const out: HtmlCheckResult[] = [];
  for (const [family, platforms] of Object.entries(f.stats)) {
    for (const [platform, versions] of Object.entries(platforms ?? {})) {
      for (const [version, support] of Object.entries(versions ?? {})) {
        const s = String(support);
        out.push({
          Name: `${rawData.nicenames.family[family] ?? family} ${rawData.nicenames.platform[platform] ?? platform} (${version})`,
          Family: family,
          Platform: platform,
          Version: version,
          Support: s.startsWith("y") ? "yes" : s.startsWith("n") ? "no" : "partial",
          NoteNumber: /#(\d+)/.exec(s)?.[1] ?? "",
        });
      }
    }
  }
  return out;
}

function warningFor(f: Feature, found: number): HtmlCheckWarning {
  const list = results(f);
  const share = (support: HtmlCheckResult["Support"]): number => (list.length === 0 ? 0 : (100 * list.filter((r) => r.Support === support).length) / list.length);
  return {
    Slug: f.slug,
    Title: f.title,
    Description: f.description ?? "",
    Category: f.category === "css" ? "css" : "html",
    Keywords: f.keywords ?? "",
    URL: f.url,
    Tags: [],
    NotesByNumber: f.notes_by_num ?? {},
    Results: list,
    Score: { Found: found, Supported: share("yes"), Partial: share("partial"), Unsupported: share("no") },
  };
}

/** Mailpit's own test: no email client runs script. */
function scriptWarning(found: number): HtmlCheckWarning {
  return {
    Slug: "html-script",
    Title: "<script> element",
    Description: "JavaScript is not supported in any email client.",
    Category: "html",
    Keywords: "",
    URL: "",
    Tags: [],
    NotesByNumber: {},
    Results: [],
    Score: { Found: found, Supported: 0, Partial: 0, Unsupported: 100 },
  };
}

function platforms(): Record<string, string[]> {
  const byPlatform = new Map<string, Set<string>>();
  for (const f of rawData.data) {
    for (const [family, ps] of Object.entries(f.stats)) {
      for (const platform of Object.keys(ps ?? {})) {
        const set = byPlatform.get(platform) ?? new Set<string>();
        set.add(rawData.nicenames.family[family] ?? family);
        byPlatform.set(platform, set);
      }
    }
  }
  return Object.fromEntries([...byPlatform].map(([p, families]) => [p, [...families].sort()]));
}

export function htmlCheck(html: string): HtmlCheckResponse {
  const nodes = [...elements(parseDom(html))];
  const counted = nodes.filter((n) => !FRAME.has(n.name ?? "")).length;
  const scripts = nodes.filter((n) => n.name === "script" && !/^application\/(ld\+)?json$/i.test(n.attribs?.["type"] ?? "")).length;
  const byTitle = new Map(rawData.data.map((f) => [f.title, f]));
  const warnings = [...detect(html)].flatMap(([title, found]) => {
    const f = byTitle.get(title);
    return f === undefined ? [] : [warningFor(f, found)];
  });
  if (scripts > 0) warnings.push(scriptWarning(scripts));
  // Mailpit's weighting: the worst feature, scaled by how much of the message uses it.
  const total = Math.max(1, counted);
  const weight = (w: HtmlCheckWarning): number => Math.min(1, w.Score.Found / total);
  const partial = Math.max(0, ...warnings.map((w) => weight(w) * w.Score.Partial));
  const unsupported = Math.max(0, ...warnings.map((w) => weight(w) * w.Score.Unsupported));
  warnings.sort((a, b) => weight(b) * (b.Score.Partial + b.Score.Unsupported) - weight(a) * (a.Score.Partial + a.Score.Unsupported));
  return {
    Platforms: platforms(),
    Total: { Nodes: counted, Tests: rawData.data.filter((f) => f.category !== "others").length + 1, Supported: Math.max(0, 100 - partial - unsupported), Partial: partial, Unsupported: unsupported },
    Warnings: warnings,
  };
}
