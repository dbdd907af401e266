import { createReadStream, type ReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import { pipeline } from 'node:stream';
import { TextDecoder } from 'node:util';
import { createGunzip } from 'node:zlib';
import { UnreadableCaptureError } from '../errors';

/** How the bytes of a capture are stored: compression, then text encoding. */
export interface CaptureEncoding {
  /** `gzip` when the file starts with gzip's magic bytes, whatever its name. */
  readonly compression: 'gzip' | 'none';
  /** From the byte-order mark; else UTF-16 when the first character has a zero byte; else UTF-8. */
  readonly encoding: 'utf-8' | 'utf-16le' | 'utf-16be';
}

/** A piece of decoded text, in file order. */
export interface TextChunk {
  readonly text: string;
  /**
   * True when the bytes of this chunk were not valid UTF-8: the decoder replaced each invalid
   * sequence by U+FFFD, so a U+FFFD in `text` marks corrupt input rather than a character.
   */
  readonly invalidUtf8: boolean;
  /** Bytes of the file (compressed bytes for gzip) read so far, for progress. */
  readonly bytesRead: number;
}

const GZIP_MAGIC = [0x1f, 0x8b] as const;
const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;
/** `{`, `[`, space, tab, LF, CR: how a capture's text can begin. */
const JSON_START = new Set([0x7b, 0x5b, 0x20, 0x09, 0x0a, 0x0d]);

const startsWith = (bytes: Buffer, prefix: readonly number[]): boolean => prefix.every((byte, index) => bytes[index] === byte);

function encodingOf(head: Buffer): { readonly encoding: CaptureEncoding['encoding']; readonly bomLength: number } {
  if (startsWith(head, UTF8_BOM)) return { encoding: 'utf-8', bomLength: 3 };
  if (startsWith(head, [0xff, 0xfe])) return { encoding: 'utf-16le', bomLength: 2 };
  if (startsWith(head, [0xfe, 0xff])) return { encoding: 'utf-16be', bomLength: 2 };
  // Without a byte-order mark, JSON's first character is ASCII: in UTF-16 one of its two bytes is 0.
  if (head.length >= 2 && JSON_START.has(head[0] ?? 0) && head[1] === 0) return { encoding: 'utf-16le', bomLength: 0 };
  if (head.length >= 2 && head[0] === 0 && JSON_START.has(head[1] ?? 0)) return { encoding: 'utf-16be', bomLength: 0 };
  return { encoding: 'utf-8', bomLength: 0 };
}

/**
 * Checks that `path` is a regular file that can be opened. Only a regular file: a FIFO or a device
 * (`/dev/zero`) would be read forever.
 *
 * @throws UnreadableCaptureError naming the file and what it is instead.
 */
export async function checkCapture(path: string): Promise<void> {
  let kind: string;
  try {
    const stats = await stat(path);
    kind = stats.isFile() ? 'file' : stats.isDirectory() ? 'a directory' : 'not a regular file (a device, FIFO or socket)';
  } catch (error) {
    throw new UnreadableCaptureError(`cannot read ${path}: ${messageOf(error)}`, { cause: error });
  }
  if (kind !== 'file') throw new UnreadableCaptureError(`cannot read ${path}: expected a file of events, found ${kind}`);
  try {
    await (await open(path, 'r')).close();
  } catch (error) {
    throw new UnreadableCaptureError(`cannot read ${path}: ${messageOf(error)}`, { cause: error });
  }
}

/** `ENOENT: no such file or directory`, without the call and path Node appends (the path is already said). */
export function messageOf(error: unknown): string {
  const message = typeof error === 'object' && error !== null && 'message' in error ? String(error.message) : String(error);
  return message.replace(/, \w+ '[^']*'$/, '');
}

/**
 * The length of an incomplete UTF-8 sequence at the end of `bytes` (0 when it ends on a whole
 * character), so that validity is checked on whole characters only.
 */
function incompleteTail(bytes: Buffer): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back += 1) {
    const byte = bytes[bytes.length - back] ?? 0;
    if ((byte & 0xc0) === 0x80) continue; // continuation byte: look further back
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return needed > back ? back : 0;
  }
  return 0;
}

/**
 * Streams a capture as decoded text: gunzipped when it starts with gzip's magic bytes (a `.gz`
 * capture or a renamed one), decoded from UTF-8, or UTF-16 LE/BE when a byte-order mark says so
 * (or, without one, when the first character is ASCII with a zero byte), the byte-order mark removed. Invalid UTF-8 does not stop the reading: it is replaced by U+FFFD
 * and the chunk flagged, so the reader can count it and go on. Memory stays bounded: nothing is
 * held beyond one chunk.
 *
 * @param onEncoding called once the first bytes have told the compression and encoding.
 * @throws the stream's error (I/O, corrupt or truncated gzip) when reading fails partway.
 */
export async function* captureText(path: string, onEncoding?: (encoding: CaptureEncoding) => void): AsyncGenerator<TextChunk> {
  const file: ReadStream = createReadStream(path, { highWaterMark: 256 * 1024 });
  let source: AsyncIterable<Buffer> = file;
  const head = await firstBytes(path, 4);
  const compression = startsWith(head, GZIP_MAGIC) ? 'gzip' : 'none';
  // pipeline(), not pipe(): a read error must reach the gunzip stream, or the loop would wait forever.
  if (compression === 'gzip') source = pipeline(file, createGunzip(), () => undefined);
  let decoder: TextDecoder | undefined;
  let utf8 = true;
  let carry: Buffer = Buffer.alloc(0);
  try {
    for await (const chunk of source) {
      let bytes: Buffer = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
      if (decoder === undefined) {
        // A byte-order mark is 2 or 3 bytes: wait for them before choosing.
        if (bytes.length < 3) {
          carry = bytes;
          continue;
        }
        const { encoding, bomLength } = encodingOf(bytes);
        onEncoding?.({ compression, encoding });
        decoder = new TextDecoder(encoding, { ignoreBOM: true });
        utf8 = encoding === 'utf-8';
        bytes = bytes.subarray(bomLength);
      }
      if (utf8) {
        const tail = incompleteTail(bytes);
        carry = Buffer.from(bytes.subarray(bytes.length - tail));
        const whole = bytes.subarray(0, bytes.length - tail);
        yield { text: decoder.decode(whole), invalidUtf8: !isUtf8(whole), bytesRead: file.bytesRead };
      } else {
        carry = Buffer.alloc(0);
        yield { text: decoder.decode(bytes, { stream: true }), invalidUtf8: false, bytesRead: file.bytesRead };
      }
    }
    if (decoder === undefined) {
      const { encoding, bomLength } = encodingOf(carry);
      onEncoding?.({ compression, encoding });
      decoder = new TextDecoder(encoding, { ignoreBOM: true });
      carry = carry.subarray(bomLength);
    }
    const rest = decoder.decode(carry);
    if (rest.length > 0) yield { text: rest, invalidUtf8: utf8 && !isUtf8(carry), bytesRead: file.bytesRead };
  } finally {
    file.destroy();
  }
}

async function firstBytes(path: string, length: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
