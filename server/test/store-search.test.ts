// Search over a real MemoryStore: every filter, negation, phrases, Unicode
// case folding, free text inside decoded bodies, paging and counts; then the
// same through GET /api/v1/search.

import { beforeAll, describe, expect, it } from "vitest";
import type { MemoryStore } from "../src/store/memory-store.js";
import { startTestServer } from "./harness.js";
import { fixture, newStore, put, sendRaw } from "./store-helpers.js";

let store: MemoryStore;
const ids: Record<string, string> = {};

function mail(headers: string, body: string): string {
  return `${headers}\nMIME-Version: 1.0\n\n${body}\n`;
}

beforeAll(() => {
  store = newStore();
  const day = (d: number): Date => new Date(2024, 2, d, 12);
  ids["order"] = put(store, fixture("alternative.eml"), { to: ["alice@example.test", "bob@example.test", "carol@example.test", "secret@example.test"], receivedAt: day(1) });
  ids["apples"] = put(store, mail("From: Obst <obst@market.test>\nTo: koch@example.test\nSubject: ÄPFEL im Angebot\nX-Mailer: Acme Mailer 2.1", "Frische Äpfel und Birnen."), { from: "bounce@market.test", to: ["koch@example.test"], receivedAt: day(2) });
  ids["invoice"] = put(store, fixture("attachment-names.eml"), { to: ["finance@example.test"], receivedAt: day(3) });
  ids["greek"] = put(store, fixture("8bit-utf8.eml"), { receivedAt: day(4) });
  ids["koi8"] = put(store, fixture("koi8-r.eml"), { receivedAt: day(5) });
  ids["cid"] = put(store, fixture("related-cid.eml"), { receivedAt: day(6) });
  ids["reset"] = put(store, fixture("base64-body.eml"), { receivedAt: day(7) });
  store.setRead([ids["invoice"] as string, ids["reset"] as string], true);
});

const names = (query: string): string[] => {
  const byId = new Map(Object.entries(ids).map(([k, v]) => [v, k]));
  return store.search(query, 0, 100).items.map((m) => byId.get(m.id) ?? m.id);
};

describe("search filters", () => {
  it.each([
    ["to:alice", ["order"]],
    ["to:example.test", ["order", "apples", "invoice", "greek", "koi8", "cid", "reset"]],
    ["from:jürgen", ["order"]],
    ["from:JUERGEN@shop", ["order"]],
    ["cc:carol", ["order"]],
    ["bcc:secret", ["order"]],
    ["reply-to:support@shop", ["order"]],
    ["addressed:secret@", ["order"]],
    ["addressed:carol", ["order"]],
    ["subject:shipped", ["order"]],
    ["message-id:order-1042", ["order"]],
    ["tag:orders", ["order"]],
    ["tag:order", []],
    ["is:tagged", ["order"]],
    ["is:read", ["reset", "invoice"]],
    ["has:attachment", ["invoice"]],
    ["has:inline", ["cid"]],
    ["envelope-from:bounce@market", ["apples"]],
    ["envelope-to:koch@", ["apples"]],
    ["header:X-Mailer=acme", ["apples"]],
    ["header:x-mailer", ["apples"]],
    ["header:X-Mailer=other", []],
    ["after:2024-03-06", ["reset", "cid"]],
    ["before:2024-03-02", ["order"]],
    ["larger:1k", ["invoice"]],
    ["smaller:400", ["apples", "greek", "koi8", "reset"]],
  ])("%s", (query, expected) => {
    expect(names(query).sort()).toEqual([...expected].sort());
  });

  it("is:unread is everything is:read is not", () => {
    expect(names("is:unread").sort()).toEqual(["apples", "cid", "greek", "koi8", "order"]);
  });
});

describe("free text, phrases, negation, folding", () => {
  it.each([
    ["teapot", ["order"]], // only in the quoted-printable body
    ["tea", ["order"]], // a substring of "teapot", like Mailpit's; "tea,12" inside the CSV attachment is not body text
    ["minutes", ["reset"]], // base64 body
    ["электрификация", ["koi8"]], // KOI8-R body
    ["ЭЛЕКТРИФИКАЦИЯ", ["koi8"]],
    ["σοφία", ["greek"]], // upper-case Greek with a tonos in the body
    ["strasse", ["greek"]], // ß folds to ss
    ["äpfel", ["apples", "greek", "invoice"]], // subjects with ÄPFEL, and the attachment named Äpfel & Birnen
    ["subject:äpfel", ["apples", "greek"]],
    ['"blue teapot"', ["order"]],
    ['"teapot blue"', []],
    ['"on its way. tracking"', ["order"]],
    ["summer", ["cid"]], // HTML-only body
    ["отчёт.csv", ["invoice"]],
    ["juergen@shop.test", ["order"]],
    ["teapot -alice", []],
    ["teapot !bob", []],
    ["-teapot is:unread", ["apples", "cid", "greek", "koi8"]],
    ["äpfel -has:attachment", ["apples", "greek"]],
    ["grüße shop", ["order"]],
  ])("%s", (query, expected) => {
    expect(names(query).sort()).toEqual([...expected].sort());
  });

  it("finds messages that arrive after the index was built, and forgets deleted ones", () => {
    expect(names("quokka")).toEqual([]);
    const late = put(store, "From: z@example.test\nSubject: later\n\nA quokka appears.");
    expect(store.search("quokka", 0, 10).items.map((m) => m.id)).toEqual([late]);
    store.deleteMessages([late]);
    expect(store.search("quokka", 0, 10).total).toBe(0);
  });
});

describe("paging and counts", () => {
  it("newest first, start/limit, total of all matches and unread among them", () => {
    const s = newStore();
    const made = Array.from({ length: 7 }, (_, i) => put(s, `From: a@example.test\nSubject: page ${i}\n\nbody ${i % 2 === 0 ? "even" : "odd"}`));
    const all = s.search("page", 0, 100);
    expect(all.items.map((m) => m.id)).toEqual([...made].reverse());
    const second = s.search("page", 2, 3);
    expect(second.items.map((m) => m.id)).toEqual([made[4], made[3], made[2]]);
    expect(second.total).toBe(7);
    s.setRead([made[0] as string], true);
    const even = s.search("even", 1, 1);
    expect(even).toMatchObject({ total: 4, unread: 3 });
    expect(even.items.map((m) => m.id)).toEqual([made[4]]);
    expect(s.search("", 0, 2).total).toBe(7);
  });
});

describe("GET /api/v1/search", () => {
  it("answers in Mailpit's MessagesSummary shape", async () => {
    const server = await startTestServer();
    try {
      const first = await sendRaw(server.smtpPort, fixture("iso-8859-1.eml"));
      await sendRaw(server.smtpPort, fixture("windows-1251.eml"));
      const page = await server.getJson<{ total: number; messages_count: number; count: number; messages: Array<{ ID: string; Subject: string; Snippet: string }> }>(
        `/api/v1/search?query=${encodeURIComponent("CAFÉ")}&start=0&limit=10`,
      );
      expect(page).toMatchObject({ total: 2, messages_count: 1, count: 1 });
      expect(page.messages[0]).toMatchObject({ ID: first, Subject: "Café crème déjà vu", Snippet: "Le café est très chaud. Voilà!" });
      const none = await server.getJson<{ messages_count: number }>(`/api/v1/search?query=${encodeURIComponent("-subject:привет -subject:café")}`);
      expect(none.messages_count).toBe(0);
    } finally {
      await server.close();
    }
  });
});
