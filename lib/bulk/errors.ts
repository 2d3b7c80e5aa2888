// Refusals meant for the person who asked (the server actions show them as they are).

export class BulkRefusal extends Error {
  constructor(
    readonly code: "not-found" | "conflict" | "invalid",
    message: string,
  ) {
    super(message);
    this.name = "BulkRefusal";
  }
}

/** Who asked, as the run and preview rows record it. */
export interface Requester {
  id: string | null;
  upn: string;
}
