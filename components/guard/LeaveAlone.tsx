"use client";
// "Leave alone": the drift guard's auto-fix never touches this policy (a person's own fixes still
// offer it). Operators mark it with a reason, for the next person; anyone sees who and why.
import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { leaveAloneAction, stopLeavingAloneAction } from "@/app/tenants/[tenantId]/guard-actions";
import { unwrap } from "@/components/data/fetch";
import type { LeftAlone } from "@/lib/guard/leave-alone";

export function LeaveAlone({ tenantId, policyId, leftAlone, canMark }: { tenantId: string; policyId: string; leftAlone: LeftAlone | null; canMark: boolean }) {
  const router = useRouter();
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function run(work: () => Promise<unknown>) {
    setBusy(true);
    setError(null);
    try {
      await work();
      setReason("");
      router.refresh();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Stack spacing={1} data-testid="leave-alone">
      {leftAlone ? (
        <Alert
          severity="info"
          action={
            canMark ? (
              <Button color="inherit" size="small" disabled={busy} onClick={() => run(() => unwrap(stopLeavingAloneAction({ tenantId, policyId })))}>
                Let auto-fix touch it again
              </Button>
            ) : undefined
          }
        >
          Left alone by {leftAlone.markedByUpn} on {new Date(leftAlone.markedAt).toLocaleString()}: {leftAlone.reason}. The guard&apos;s auto-fix never touches
          this policy.
        </Alert>
      ) : canMark ? (
        <Stack direction="row" spacing={1} sx={{ alignItems: "flex-start" }}>
          <TextField
            size="small"
            label="Why should auto-fix leave this policy alone?"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            sx={{ flex: 1, maxWidth: 520 }}
            slotProps={{ htmlInput: { maxLength: 300 } }}
          />
          <Button
            variant="outlined"
            disabled={busy || reason.trim() === ""}
            onClick={() => run(() => unwrap(leaveAloneAction({ tenantId, policyId, reason })))}
          >
            Leave alone
          </Button>
        </Stack>
      ) : null}
      {error ? <Alert severity="error">{error}</Alert> : null}
    </Stack>
  );
}
