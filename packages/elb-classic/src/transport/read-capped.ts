import type { ElbTransportAnswer } from './transport.js';

/**
 * Reads a body stream up to `maxBytes`, decoded as UTF-8. On a longer body it stops there
 * (`truncated`), and leaving the loop destroys the stream, so that the HTTP library drops the
 * connection the rest was coming on rather than draining it.
 */
export async function readCapped(
  stream: AsyncIterable<Buffer | Uint8Array>,
  maxBytes: number,
): Promise<Pick<ElbTransportAnswer, 'body' | 'truncated'>> {
  const chunks: Uint8Array[] = [];
  let size = 0;

  for await (const chunk of stream) {
    chunks.push(chunk);
    size += chunk.length;

    if (size > maxBytes) {
      const first = Buffer.concat(chunks).subarray(0, maxBytes);
      return { body: first.toString('utf8'), truncated: true };
    }
  }

  // One chunk, the usual case of a job body, needs no copy.
  const whole = chunks.length === 1 ? toBuffer(chunks[0]) : Buffer.concat(chunks);

  return { body: whole.toString('utf8'), truncated: false };
}

function toBuffer(chunk: Uint8Array | undefined): Buffer {
  if (chunk === undefined) return Buffer.alloc(0);

  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
}
