// The checks the API offers on a message: HTML compatibility, links, and
// extracted links and codes. Each is fetched when its section is shown.
import { useQuery, type UseQueryResult } from "@tanstack/react-query";
import { getJson } from "../../../lib/api/client.js";
import { each, isRecord, list, num, record, str, type Obj } from "../../../lib/api/guards.js";
import { keys } from "../../../lib/query-keys.js";
import { messagePath } from "./get-message.js";

export interface HtmlCheck {
  supported: number;
  partial: number;
  unsupported: number;
  tests: number;
  warnings: Array<{ title: string; category: string; found: number; unsupported: number; partial: number; url: string }>;
}

export interface LinkCheck {
  errors: number;
  links: Array<{ url: string; code: number; status: string }>;
}

/** Extraction results as label -> values; the shape is read generously. */
export type Extracted = Array<{ label: string; values: string[] }>;

function decodeHtmlCheck(v: unknown): HtmlCheck {
  const o = record(v, "html-check");
  const total = isRecord(o["Total"]) ? o["Total"] : {};
  return {
    supported: num(total, "Supported"),
    partial: num(total, "Partial"),
    unsupported: num(total, "Unsupported"),
    tests: num(total, "Tests"),
    warnings: each(list(o, "Warnings"), (w) => {
      const x = record(w, "warning");
      const score = isRecord(x["Score"]) ? x["Score"] : {};
      return { title: str(x, "Title"), category: str(x, "Category"), found: num(score, "Found"), unsupported: num(score, "Unsupported"), partial: num(score, "Partial"), url: str(x, "URL") };
    }),
  };
}

function decodeLinkCheck(v: unknown): LinkCheck {
  const o = record(v, "link-check");
  return {
    errors: num(o, "Errors"),
    links: each(list(o, "Links"), (l) => {
      const x = record(l, "link");
      return { url: str(x, "URL"), code: num(x, "StatusCode"), status: str(x, "Status") };
    }),
  };
}

function valueText(v: unknown): string {
  if (typeof v === "string" || typeof v === "number") return String(v);
  if (isRecord(v)) return Object.values(v).filter((x) => typeof x === "string" || typeof x === "number").join(" · ");
  return "";
}

function decodeExtract(v: unknown): Extracted {
  const o: Obj = record(v, "extract");
  return Object.entries(o)
    .filter((e): e is [string, unknown[]] => Array.isArray(e[1]))
    .map(([label, values]) => ({ label, values: values.map(valueText).filter((s) => s !== "") }));
}

function useCheck<T>(id: string, part: string, path: string, decode: (v: unknown) => T, enabled: boolean): UseQueryResult<T> {
  return useQuery({
    queryKey: keys.messagePart(id, part),
    queryFn: async ({ signal }) => decode(await getJson(`${messagePath(id)}/${path}`, signal)),
    staleTime: Infinity,
    enabled,
  });
}

export const useHtmlCheck = (id: string, enabled: boolean): UseQueryResult<HtmlCheck> => useCheck(id, "html-check", "html-check", decodeHtmlCheck, enabled);
export const useLinkCheck = (id: string, enabled: boolean): UseQueryResult<LinkCheck> => useCheck(id, "link-check", "link-check", decodeLinkCheck, enabled);
export const useExtract = (id: string): UseQueryResult<Extracted> => useCheck(id, "extract", "extract", decodeExtract, true);
