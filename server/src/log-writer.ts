// Log lines gathered for a moment and written together: under a burst of mail
// one write per message would be a syscall per message on the SMTP path (and
// stdout to a file or pipe is synchronous). A person reading a terminal does
// not notice 50 ms.

export function bufferedLog(write: (text: string) => void, delayMs = 50): { log: (line: string) => void; flush: () => void } {
  let pending: string[] = [];
  let timer: NodeJS.Timeout | null = null;
  const flush = (): void => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (pending.length === 0) return;
    const text = pending.join("");
    pending = [];
    write(text);
  };
  const log = (line: string): void => {
    pending.push(`mailscope: ${line}\n`);
    timer ??= setTimeout(flush, delayMs);
  };
  return { log, flush };
}
