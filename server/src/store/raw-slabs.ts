// Where messages wait, as received, for the packer. Each one is copied into a
// big shared slab instead of keeping a buffer of its own, because of how the C
// allocator gives memory back: thousands of freed 12 KB buffers stay resident
// after a burst (measured in process: 1.9 x the raw bytes after a forced GC,
// against 1.16 x with slabs), while a slab over glibc's largest dynamic mmap
// threshold (32 MiB on 64-bit) is always a mapping of its own, returned whole
// to the system once it is garbage. So a burst can be taken at full speed and
// compressed after it without the process keeping the burst's peak.

/** Just over glibc's largest dynamic mmap threshold, so every slab is mmapped (and unmapped when freed). */
export const SLAB_BYTES = 32 * 1024 * 1024 + 64 * 1024;

/** A copy in a buffer of exactly its size, outside Node's shared 8 KB pool (which a small Buffer.from would use). */
export function ownCopy(bytes: Uint8Array): Buffer {
  const copy = Buffer.allocUnsafeSlow(bytes.length);
  copy.set(bytes);
  return copy;
}

export class RawSlabs {
  private slab: Buffer | null = null;
  private used = 0;
  /** Slab bytes handed out since the last retire() or reset(). */
  private filled = 0;

  constructor(private readonly slabBytes = SLAB_BYTES) {}

  /** A copy of `bytes` in the current slab (a new slab when it is full): a view of the slab. */
  copy(bytes: Uint8Array): Buffer {
    if (bytes.length > this.slabBytes) return ownCopy(bytes);
    if (this.slab === null || this.used + bytes.length > this.slabBytes) {
      // Not zero-filled: pages become resident only as messages fill them.
      this.slab = Buffer.allocUnsafeSlow(this.slabBytes);
      this.used = 0;
    }
    const view = this.slab.subarray(this.used, this.used + bytes.length);
    view.set(bytes);
    const step = (bytes.length + 7) & ~7; // 8-byte aligned, as a buffer of its own would be
    this.used += step;
    this.filled += step;
    return view;
  }

  /**
   * For when no message holds a view any more (all were compressed or copied
   * out, or the store was cleared): once `atLeast` bytes (by default a slab's
   * worth) have gone through since last time, the current slab is let go too
   * and true is returned, for the caller to have the garbage collected.
   * Trickling mail so gets one collection per slab's worth, not one per message.
   */
  retire(atLeast = this.slabBytes): boolean {
    if (this.filled < atLeast) return false;
    this.reset();
    return true;
  }

  /** Starts afresh: the current slab is left to whoever still holds views of it. */
  reset(): void {
    this.slab = null;
    this.used = 0;
    this.filled = 0;
  }
}
