// Refusals meant for the person who asked (the action client shows them as they are).

export class RunRefusal extends Error {
  constructor(
    readonly code: "not-found" | "conflict" | "invalid",
    message: string,
  ) {
    super(message);
    this.name = "RunRefusal";
  }
}

export class RunStateError extends Error {
  constructor(
    readonly runId: string,
    readonly status: string | null,
    refusal: string,
  ) {
    super(status === null ? `Remediation run ${runId} does not exist.` : `Remediation run ${runId} is ${status}; ${refusal}.`);
    this.name = "RunStateError";
  }
}
