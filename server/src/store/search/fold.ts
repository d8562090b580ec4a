// Case folding for search, across Unicode: compatibility-normalise (so "ﬁ"
// matches "fi" and full-width letters match ASCII), lower-case, then fold the
// few letters whose lower case still differs between spellings.

// Plain ASCII needs only toLowerCase, and almost all of a mailbox is ASCII.
const ASCII = /^[\x00-\x7f]*$/;

export function fold(text: string): string {
  if (ASCII.test(text)) return text.toLowerCase();
  return text.normalize("NFKC").toLowerCase().replace(/ß/g, "ss").replace(/ς/g, "σ").normalize("NFC");
}

/** Word characters are letters, marks and digits in any script; everything else separates tokens. */
export const TOKEN_SPLIT = /[^\p{L}\p{M}\p{N}]+/u;

export function tokens(folded: string): string[] {
  return folded.split(TOKEN_SPLIT).filter((t) => t !== "");
}
