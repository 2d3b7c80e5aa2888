"use client";
// What a preview-and-confirm dialog over live policies shows whoever applies the change (the
// customer fix dialog, the partner exclusion): the wait for the read, the policies to tick, and
// Confirm. Each dialog keeps its own apply and result.
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import CircularProgress from "@mui/material/CircularProgress";
import DialogActions from "@mui/material/DialogActions";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import { useMemo, useState, type ReactNode } from "react";
import type { FixPreviewPolicy } from "@/lib/fixes/preview-view";
import { NothingToDoItem, PolicyPreviewItem, type Outcomes } from "./PolicyPreviewItem";
import type { RunChangeView } from "./run";

/** Which previewed policies would be sent: every planned one but the needs-review ones not ticked. */
export function usePreviewSelection(policies: readonly FixPreviewPolicy[] | undefined) {
  const [ticked, setTicked] = useState<ReadonlySet<string>>(new Set());
  const planned = useMemo(() => policies?.filter((p) => p.request !== null) ?? [], [policies]);
  const nothing = useMemo(() => policies?.filter((p) => p.request === null) ?? [], [policies]);
  const selected = planned.filter((p) => !p.requiresConfirmation || ticked.has(p.policyId));
  const check = (policyId: string, on: boolean) =>
    setTicked((t) => {
      const next = new Set(t);
      if (on) next.add(policyId);
      else next.delete(policyId);
      return next;
    });
  return { ticked, check, planned, nothing, selected };
}

export function PreviewLoading({ children }: { children: ReactNode }) {
  return (
    <Stack direction="row" spacing={2} sx={{ alignItems: "center", py: 4 }}>
      <CircularProgress aria-label="Reading the live policies" />
      <Typography>{children}</Typography>
    </Stack>
  );
}

/** The planned policies, then the ones with nothing to do. */
export function PreviewPolicies({
  selection: { planned, nothing, ticked, check },
  outcomes,
  locked,
  changeOf,
  waitingFor,
}: {
  selection: ReturnType<typeof usePreviewSelection>;
  outcomes?: Outcomes;
  locked: boolean;
  changeOf: (policyId: string) => RunChangeView | undefined;
  waitingFor: (policy: FixPreviewPolicy) => boolean;
}) {
  return (
    <>
      {planned.map((p) => (
        <PolicyPreviewItem
          key={p.policyId}
          policy={p}
          outcomes={outcomes}
          checked={ticked.has(p.policyId)}
          locked={locked}
          onCheck={(on) => check(p.policyId, on)}
          change={changeOf(p.policyId)}
          waiting={waitingFor(p)}
        />
      ))}
      {nothing.length > 0 ? (
        <Box component="section" aria-label="Policies with nothing to do">
          <Typography component="h3" variant="subtitle1" sx={{ fontWeight: 600 }}>
            Nothing to do ({nothing.length})
          </Typography>
          <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
            {nothing.map((p) => (
              <NothingToDoItem key={p.policyId} policy={p} outcomes={outcomes} />
            ))}
          </Box>
        </Box>
      ) : null}
    </>
  );
}

/** Cancel and Confirm, then only Close once the change is `done` (started, for a run the dialog follows). */
export function PreviewActions({
  selected,
  done,
  busy,
  ready,
  onClose,
  onConfirm,
}: {
  selected: number;
  done: boolean;
  busy: boolean;
  ready: boolean;
  onClose: () => void;
  onConfirm: () => void;
}) {
  return (
    <DialogActions>
      <Button onClick={onClose}>{done ? "Close" : "Cancel"}</Button>
      {done ? null : (
        <Button
          variant="contained"
          onClick={onConfirm}
          disabled={selected === 0 || busy || !ready}
          startIcon={busy ? <CircularProgress size={16} /> : undefined}
        >
          Confirm {selected > 0 ? `(${selected} ${selected === 1 ? "policy" : "policies"})` : ""}
        </Button>
      )}
    </DialogActions>
  );
}
