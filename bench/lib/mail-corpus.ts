// Synthetic 12 KB text+HTML messages for the store benchmarks: a seeded
// generator, so runs are comparable, with a realistic spread of words (a few
// thousand common ones, plus order numbers and names unique to each message).

const SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "ta", "vi", "so", "pe", "da", "for", "gen", "stra", "ber", "lin", "qua", "tor", "wel", "mon", "zi"];

export class Rng {
  constructor(private state: number) {}
  next(): number {
    // mulberry32: small, fast, good enough to vary text
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }
}

export function vocabulary(size: number, rng: Rng): string[] {
  const words = new Set<string>();
  while (words.size < size) {
    const n = 1 + Math.floor(rng.next() * 3);
    words.add(Array.from({ length: n }, () => rng.pick(SYLLABLES)).join(""));
  }
  return [...words];
}

function sentence(words: readonly string[], rng: Rng, length: number): string {
  return Array.from({ length }, () => rng.pick(words)).join(" ");
}

/** One message of about `size` bytes: half text/plain, half text/html, same words. */
export function makeMessage(i: number, words: readonly string[], rng: Rng, size = 12 * 1024): Buffer {
  const subject = `Order ${100000 + i}: ${sentence(words, rng, 4)}`;
  const paragraphs: string[] = [];
  let length = 0;
  while (length < size * 0.47) {
    const p = `${sentence(words, rng, 12)} ref${i}x${paragraphs.length}.`;
    paragraphs.push(p);
    length += p.length + 2;
  }
  const text = paragraphs.join("\r\n\r\n");
  const html = `<html><body>${paragraphs.map((p) => `<p>${p}</p>`).join("\r\n")}</body></html>`;
  return Buffer.from(
    [
      `From: Shop ${i % 50} <shop${i % 50}@bench.test>`,
      `To: customer${i}@bench.test`,
      `Subject: ${subject}`,
      `Date: ${new Date(Date.UTC(2024, 0, 1) + i * 1000).toUTCString()}`,
      `Message-ID: <m${i}@bench.test>`,
      "MIME-Version: 1.0",
      'Content-Type: multipart/alternative; boundary="b1"',
      "",
      "--b1",
      "Content-Type: text/plain; charset=utf-8",
      "",
      text,
      "--b1",
      "Content-Type: text/html; charset=utf-8",
      "",
      html,
      "--b1--",
      "",
    ].join("\r\n"),
  );
}
