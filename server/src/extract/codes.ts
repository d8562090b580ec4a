// One-time codes: the 4-to-8 character tokens a sign-up or login mail asks
// the user to type. A token counts when a keyword (code, OTP, PIN, ...) stands
// near it, or when it is a lone run of 4-8 digits on its own line.

export interface FoundCode {
  Code: string;
  /** The words around it, to tell which is which when there are several. */
  Context: string;
}

const KEYWORD = /\b(code|otp|pin|passcode|password|verification|verify|token|one[- ]time|security|confirm(?:ation)?|código|codice|kode|код)\b/i;
const TOKEN = /(?<![\p{L}\p{N}_-])(?=[\p{Lu}\d-]*\d)[\p{Lu}\d](?:[\p{Lu}\d]|-(?=[\p{Lu}\d])){3,8}(?![\p{L}\p{N}_-])/gu;
const YEAR = /^(19|20)\d\d$/;

export function findCodes(text: string): FoundCode[] {
  const found = new Map<string, FoundCode>();
  for (const line of text.split(/\r?\n/)) {
    for (const m of line.matchAll(TOKEN)) {
      const code = m[0];
      const digits = code.replace(/-/g, "");
      if (digits.length < 4 || digits.length > 8 || YEAR.test(code)) continue;
      const at = m.index ?? 0;
      const around = line.slice(Math.max(0, at - 60), at + code.length + 20);
      const alone = line.trim() === code;
      if (!alone && !KEYWORD.test(around)) continue;
      if (!found.has(code)) found.set(code, { Code: code, Context: around.replace(/\s+/g, " ").trim() });
    }
  }
  return [...found.values()];
}
