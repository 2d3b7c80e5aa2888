import { describe, expect, it } from "vitest";
import { ENDED_RUN_STATUSES, endStatus, isEnded, RUN_STATUS_WORDS } from "./status";

describe("how a run ends", () => {
  it("is cancelled when someone pressed Cancel, whatever its tenants did", () => {
    expect(endStatus({ cancelRequested: true, failedTenants: 0, appliedChanges: 0 })).toBe("cancelled");
    expect(endStatus({ cancelRequested: true, failedTenants: 2, appliedChanges: 5 })).toBe("cancelled");
  });

  it("succeeded when no tenant failed, failed when nothing was written, partly failed otherwise", () => {
    expect(endStatus({ cancelRequested: false, failedTenants: 0, appliedChanges: 0 })).toBe("succeeded");
    expect(endStatus({ cancelRequested: false, failedTenants: 0, appliedChanges: 3 })).toBe("succeeded");
    expect(endStatus({ cancelRequested: false, failedTenants: 1, appliedChanges: 0 })).toBe("failed");
    expect(endStatus({ cancelRequested: false, failedTenants: 1, appliedChanges: 1 })).toBe("partly_failed");
  });

  it("is final only in the four end states", () => {
    expect(ENDED_RUN_STATUSES.filter(isEnded)).toEqual(["succeeded", "partly_failed", "failed", "cancelled"]);
    const notEnded = Object.keys(RUN_STATUS_WORDS).filter((s) => !isEnded(s));
    expect(notEnded).toEqual(["previewing", "previewed", "awaiting_approval", "queued", "running"]);
    expect(RUN_STATUS_WORDS.partly_failed).toBe("Partly failed");
  });
});
