// DELETE /api/v1/messages is both Mailpit's "delete these (or all)" and
// MailHog's "delete all". Mailpit answers a plain-text `ok`; MailHog an empty
// body, and the npm `mailhog` client JSON-parses any non-empty answer, so `ok`
// makes its deleteAll() reject (its request() resolves with the response only
// when the body is empty). No one body satisfies both, so we look at what the
// client sent:
//
//   - a body (Mailpit's {"IDs": [...]}, even {}): Mailpit's `ok`;
//   - an Accept header that admits text/plain (text/plain, text/*, */*, as
//     curl, fetch, axios, Python requests and Mailpit's own UI send): `ok`;
//   - no body and no Accept header (Node's bare http.request, which the npm
//     `mailhog` client uses), or an Accept that admits JSON but no text (a
//     client that said it cannot take `ok`): MailHog's empty 200.
//
// Either way everything is deleted and the status is 200.

/** Media ranges of an Accept header that have q > 0, lower-cased, without parameters. */
function acceptedRanges(accept: string): string[] {
  const ranges: string[] = [];
  for (const item of accept.split(",")) {
    const [range = "", ...params] = item.split(";").map((s) => s.trim().toLowerCase());
    const q = params.find((p) => p.startsWith("q="));
    if (range !== "" && (q === undefined || Number(q.slice(2)) > 0)) ranges.push(range);
  }
  return ranges;
}

/** True when the answer should be MailHog's empty body rather than Mailpit's `ok`. */
export function answersLikeMailHog(accept: string | undefined, body: unknown): boolean {
  if (body !== null && body !== undefined) return false;
  if (accept === undefined || accept.trim() === "") return true;
  return !acceptedRanges(accept).some((r) => r === "text/plain" || r === "text/*" || r === "*/*");
}
