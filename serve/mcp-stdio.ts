// The MCP server's stdio transport, line by line, with the JSON-RPC errors the SDK's own transport
// does not give: a line that is not JSON gets -32700 (parse error), JSON that is not a JSON-RPC
// message gets -32600 (invalid request), and a message over MAX_MESSAGE_BYTES gets -32600 and is
// skipped to its end without being held in memory. The SDK's transport silently dropped the
// first two and, over its 10 MiB buffer, closed: the server exited with status 0 mid-session.
import type { Readable, Writable } from 'node:stream';

/** Larger than any argument state/limits.ts allows (results and specs: 1 MiB), JSON-escaped. */
export const MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

type Message = Record<string, unknown>;

export interface LineTransportOptions {
  stdin?: Readable;
  stdout?: Writable;
  /** Whether a parsed value is a JSON-RPC message (the SDK's schema). */
  isMessage: (value: unknown) => boolean;
  maxBytes?: number;
}

export class LineTransport {
  onmessage?: (message: Message) => void;
  onerror?: (error: Error) => void;
  onclose?: () => void;
  private readonly stdin: Readable;
  private readonly stdout: Writable;
  private readonly max: number;
  private chunks: Buffer[] = [];
  private size = 0;
  /** Bytes of the current line thrown away because it is too long (0: not discarding). */
  private discarded = 0;
  private head = '';
  private closed = false;

  constructor(private readonly opts: LineTransportOptions) {
    this.stdin = opts.stdin ?? process.stdin;
    this.stdout = opts.stdout ?? process.stdout;
    this.max = opts.maxBytes ?? MAX_MESSAGE_BYTES;
  }

  async start(): Promise<void> {
    this.stdin.on('data', (chunk: Buffer) => this.take(chunk));
    this.stdin.on('end', () => void this.close());
    this.stdin.on('error', (e: Error) => this.onerror?.(e));
  }

  async send(message: unknown): Promise<void> {
    if (this.closed) return;
    if (!this.stdout.write(JSON.stringify(message) + '\n')) await new Promise((r) => this.stdout.once('drain', r));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stdin.pause();
    this.onclose?.();
  }

  private take(chunk: Buffer): void {
    let start = 0;
    for (let nl = chunk.indexOf(10); nl >= 0; nl = chunk.indexOf(10, start)) {
      this.append(chunk.subarray(start, nl));
      this.endLine();
      start = nl + 1;
    }
    if (start < chunk.length) this.append(chunk.subarray(start));
  }

  private append(part: Buffer): void {
    if (this.discarded) {
      this.discarded += part.length;
      return;
    }
    if (this.size + part.length > this.max) {
      // Keep the head (where the id usually is) and forget the rest of this line as it arrives.
      this.head = Buffer.concat([...this.chunks, part]).subarray(0, 512).toString('utf8');
      this.discarded = this.size + part.length;
      this.chunks = [];
      this.size = 0;
      return;
    }
    this.chunks.push(part);
    this.size += part.length;
  }

  private endLine(): void {
    if (this.discarded) {
      const bytes = this.discarded;
      this.discarded = 0;
      const id = /"id"\s*:\s*(-?\d+|"(?:[^"\\]|\\.){0,200}")/.exec(this.head)?.[1];
      this.head = '';
      void this.reply(id === undefined ? null : JSON.parse(id), -32600, `message too large: ${bytes} bytes; the limit is ${this.max} bytes`);
      return;
    }
    const text = Buffer.concat(this.chunks).toString('utf8').replace(/\r$/, '');
    this.chunks = [];
    this.size = 0;
    if (!text.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      void this.reply(null, -32700, `parse error: ${(e as Error).message}`);
      return;
    }
    if (!this.opts.isMessage(value)) {
      const id = value && typeof value === 'object' && !Array.isArray(value) ? (value as Message).id : undefined;
      void this.reply(typeof id === 'string' || typeof id === 'number' ? id : null, -32600, 'invalid request: not a JSON-RPC 2.0 message (jsonrpc "2.0", method or result/error, id)');
      return;
    }
    this.onmessage?.(value as Message);
  }

  private reply(id: string | number | null, code: number, message: string): Promise<void> {
    return this.send({ jsonrpc: '2.0', id, error: { code, message } });
  }
}
