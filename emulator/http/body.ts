// Reading request bodies with a size cap; JSON parsing is the caller's (it owns the error shape).
import type { IncomingMessage } from "node:http";

export class BodyTooLargeError extends Error {}

export async function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limitBytes) throw new BodyTooLargeError(`request body over ${limitBytes} bytes`);
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

export type JsonParse = { ok: true; value: unknown } | { ok: false; message: string };

export function parseJson(text: string): JsonParse {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    return { ok: false, message: (e as Error).message };
  }
}

/** application/json, with or without parameters (odata.metadata, charset...). */
export function isJsonContentType(value: string | undefined): boolean {
  if (!value) return false;
  const mime = value.split(";")[0]?.trim().toLowerCase();
  return mime === "application/json" || (mime?.endsWith("+json") ?? false);
}

export function isLoopback(address: string | undefined): boolean {
  return address === "127.0.0.1" || address === "::1" || address === "::ffff:127.0.0.1";
}
