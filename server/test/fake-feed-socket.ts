// A socket for feed and fan-out unit tests: records what it was sent and how it was closed.
import type { FeedSocket } from "../src/http/feed/fanout.js";

export class FakeSocket implements FeedSocket {
  bufferedAmount = 0;
  sent: string[] = [];
  closed: [number, string] | null = null;
  send(data: string): void {
    this.sent.push(data);
  }
  close(code: number, reason: string): void {
    this.closed = [code, reason];
  }
}
