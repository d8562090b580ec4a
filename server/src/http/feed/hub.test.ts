import { describe, expect, it } from "vitest";
import { MemoryStore } from "../../store/memory-store.js";
import { FakeSocket } from "../../../test/fake-feed-socket.js";
import { FeedHub } from "./hub.js";

const session = { id: "s1", startedAt: new Date(), clientAddress: "127.0.0.1", clientPort: 1, serverAddress: "127.0.0.1", serverPort: 25 };

describe("FeedHub", () => {
  it("listens to the store only while it has clients", () => {
    const store = new MemoryStore({ maxMessages: 10, maxSessions: 10 } as ConstructorParameters<typeof MemoryStore>[0]);
    const hub = new FeedHub(store, { version: "t", maxBuffered: 100, statsDelayMs: 10 });
    const a = new FakeSocket();
    const client = hub.add(a);
    store.opened(session);
    expect(a.sent.map((t) => (JSON.parse(t) as { Type: string }).Type)).toEqual(["stats", "session"]);
    hub.remove(client);
    store.opened({ ...session, id: "s2" });
    expect(a.sent).toHaveLength(2);
  });

  it("drops a client that falls behind instead of buffering for it", () => {
    const store = new MemoryStore({ maxMessages: 10, maxSessions: 10 } as ConstructorParameters<typeof MemoryStore>[0]);
    const hub = new FeedHub(store, { version: "t", maxBuffered: 100, statsDelayMs: 10 });
    const slow = new FakeSocket();
    const fast = new FakeSocket();
    hub.add(slow);
    hub.add(fast);
    slow.bufferedAmount = 1000;
    store.opened(session);
    expect(slow.closed?.[0]).toBe(1013);
    expect(hub.size).toBe(1);
    expect(fast.sent).toHaveLength(2);
  });
});
