/**
 * The last `capacity` bytes a terminal printed, addressed by absolute offset (bytes since the
 * terminal opened), so a late joiner gets the screen's history and a poller (the agent's tool)
 * can ask for "everything after offset N" without missing or repeating output.
 */
export class Scrollback {
  private chunks: Buffer[] = [];
  private size = 0;
  /** Absolute offset of the first byte still held. */
  private start = 0;

  constructor(private readonly capacity: number) {}

  /** Absolute offset just past the last byte written. */
  get end(): number {
    return this.start + this.size;
  }

  push(data: Buffer): void {
    this.chunks.push(data);
    this.size += data.length;
    while (this.size > this.capacity && this.chunks.length > 0) {
      const over = this.size - this.capacity;
      const first = this.chunks[0]!;
      if (first.length <= over) {
        this.chunks.shift();
        this.size -= first.length;
        this.start += first.length;
      } else {
        this.chunks[0] = first.subarray(over);
        this.size -= over;
        this.start += over;
      }
    }
  }

  /** Bytes from `offset` on (clamped to what is still held), and where the next read starts. */
  since(offset = 0): { data: Buffer; from: number; next: number } {
    const from = Math.min(Math.max(offset, this.start), this.end);
    const all = Buffer.concat(this.chunks);
    return { data: all.subarray(from - this.start), from, next: this.end };
  }
}
