// A file name from mail is hostile: no path separators, no control
// characters, no leading dots, a sane length. The browser sanitises the
// download attribute too; this makes what the user sees match what is saved.
export function safeFileName(name: string, fallback: string): string {
  const cleaned = name
    .replace(/[\u0000-\u001f\u007f<>:"/\\|?*]+/g, "_")
    .replace(/^[.\s]+/, "")
    .trim()
    .slice(0, 180);
  return cleaned === "" ? fallback : cleaned;
}
