import { describe, expect, it } from "vitest";
import type { ChangeRow } from "@/lib/db/queries/history";
import { changeCsvCells, HISTORY_CSV_HEADER } from "./csv";

const row: ChangeRow = {
  id: "0f3c2a4e-1111-4111-8111-111111111111",
  at: "2026-12-06T10:00:00.000Z",
  finishedAt: "2026-12-06T10:00:01.000Z",
  tenantId: "aaaaaaaa-1111-4111-8111-aaaaaaaaaaaa",
  tenantName: "Contoso Ltd",
  policyId: "p-1",
  policyName: "Require MFA",
  action: "exclude-service-provider",
  plannedOutcome: "patch",
  result: "applied",
  reason: "applies to all users",
  by: "ada@msp.example",
  runId: "bbbbbbbb-1111-4111-8111-bbbbbbbbbbbb",
  runKind: "tenant-fix",
  ticket: "T-42",
  graphStatus: 204,
  graphRequestId: "req-1",
  error: null,
  request: "PATCH /beta/identity/conditionalAccess/policies/p-1",
  proof: "proven: gets in",
};

describe("the history CSV's columns", () => {
  it("has a header cell for every cell, in the grid's words", () => {
    expect(Object.fromEntries(HISTORY_CSV_HEADER.map((h, i) => [h, changeCsvCells(row)[i]]))).toEqual({
      When: "2026-12-06T10:00:00.000Z",
      Tenant: "Contoso Ltd",
      "Tenant id": row.tenantId,
      Policy: "Require MFA",
      "Policy id": "p-1",
      Action: "Exclude MSP (service providers)",
      Result: "applied",
      Graph: 204,
      API: "beta",
      "Proof of access": "proven: gets in",
      By: "ada@msp.example",
      Request: "PATCH /beta/identity/conditionalAccess/policies/p-1",
      Reason: "applies to all users",
      Error: null,
      "Graph request id": "req-1",
      Run: "Fix all (one tenant)",
      "Run id": row.runId,
      Ticket: "T-42",
    });
    expect(HISTORY_CSV_HEADER).toHaveLength(changeCsvCells(row).length);
  });
});
