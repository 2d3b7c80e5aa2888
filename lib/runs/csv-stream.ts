// A CSV download streamed a batch at a time (the tenants and history downloads of every match, issue
// 19): the header at once, then one batch of lines per pull, so a fleet's rows start arriving at once
// and are never held whole in the portal's memory.
import "server-only";
import { log } from "../log";
import { toCsv } from "./csv";

type Cell = string | number | null;

export function csvDownload<T>({
  header,
  batches,
  cells,
  fileName,
}: {
  header: readonly string[];
  batches: AsyncGenerator<T[]>;
  cells: (row: T) => Cell[];
  /** The file's name, also what the log says failed. */
  fileName: string;
}): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(toCsv([header])));
    },
    // One batch per pull: the next is read only when the client has taken the last one.
    async pull(controller) {
      try {
        const next = await batches.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(toCsv(next.value.map(cells))));
      } catch (err) {
        // The header is sent: the download ends short, and the error is in the log (not in the file).
        log().error({ err, fileName }, "CSV download failed mid-stream");
        controller.error(err);
      }
    },
    async cancel() {
      await batches.return(undefined);
    },
  });
  return new Response(body, {
    headers: { "Cache-Control": "no-store", "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${fileName}"` },
  });
}
