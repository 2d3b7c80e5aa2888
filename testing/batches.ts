// Reads a batched download's generator to the end, for tests: the batch sizes, and the rows in order.
export async function collectBatches<T>(batches: AsyncGenerator<T[]>): Promise<{ sizes: number[]; rows: T[] }> {
  const sizes: number[] = [];
  const rows: T[] = [];
  for await (const batch of batches) {
    sizes.push(batch.length);
    rows.push(...batch);
  }
  return { sizes, rows };
}
