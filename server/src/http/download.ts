// Serving a captured attachment safely: a file name that cannot name a path
// or break the header, a Content-Type that cannot make the browser run the
// part in our origin, and inline display only for types that are inert.

/** Parts are addressed as mailparser numbers them: "2", "1.2", ... */
export const PART_ID = /^[0-9]{1,4}(\.[0-9]{1,4}){0,30}$/;

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)/i;

/** A bare file name: no directories, no control or reserved characters, no leading dots, at most 200 characters. */
export function safeFileName(name: string, fallback: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  let clean = base
    .replace(/[\u0000-\u001f\u007f-\u009f"*:<>?|]/g, "_")
    .replace(/^[\s.]+|[\s.]+$/g, "");
  if (clean === "") clean = fallback;
  if (WINDOWS_RESERVED.test(clean)) clean = `_${clean}`;
  if (clean.length > 200) {
    const dot = clean.lastIndexOf(".");
    const ext = dot > 0 && clean.length - dot <= 16 ? clean.slice(dot) : "";
    clean = clean.slice(0, 200 - ext.length) + ext;
  }
  return clean;
}

/** RFC 6266: an ASCII fallback for old clients, and the real name in RFC 5987 form. */
export function contentDisposition(kind: "inline" | "attachment", fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|[%\\"]/g, "_");
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/;
/** Types a browser would render with script or markup of their own. */
const ACTIVE = /^(text\/(html|xml|xsl|javascript|ecmascript|css)|application\/(xhtml\+xml|xml|javascript|ecmascript|x-javascript)|image\/svg\+xml)$|\+xml$/;
/** Types shown in the browser (in a sandbox); everything else is a download. */
const INLINE = /^(image\/(png|jpeg|gif|webp|bmp|avif)|text\/plain|application\/pdf|audio\/[a-z0-9.+-]+|video\/[a-z0-9.+-]+)$/;

export function servedAs(contentType: string): { type: string; disposition: "inline" | "attachment" } {
  const type = contentType.trim().toLowerCase();
  if (!MEDIA_TYPE.test(type) || ACTIVE.test(type)) return { type: "application/octet-stream", disposition: "attachment" };
  return { type, disposition: INLINE.test(type) ? "inline" : "attachment" };
}
