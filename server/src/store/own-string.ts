// A string cut from a bigger one (a header value from the header block, a
// token from a document) is, in V8, a view of it when 13 characters or longer:
// keeping the piece keeps the whole. A stored message keeps only pieces, so
// each is copied out; the copy's own view is of a string its own size.
export const ownString = (s: string): string => (s.length < 13 ? s : (s + " ").slice(0, -1));
