"use client";
// What a preview-and-confirm over live policies shows whoever applies the change (ChangeDialog for
// a tenant or the partner tenant, the bulk wizard's tenant rows): the wait for the read, the
// policies to tick, the ticket reference, and Confirm.
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import CircularProgress from "@mui/material/CircularProgress";
import DialogActions from "@mui/material/DialogActions";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import { useMemo, useState, type ReactNode } from "react";
import type { PolicyPreviewView, RunChangeView } from "@/lib/runs/views";
import { NothingToDoItem, PolicyPreviewItem, type Outcomes } from "./PolicyPreviewItem";

/** Which previewed policies would be sent: every planned one but the needs-review ones not ticked. */
export function usePreviewSelection(policies: readonly PolicyPreviewView[] | undefined) {
  const [ticked, setTicked] = useState<ReadonlySet<string>>(new Set());
  const planned = useMemo(() => policies?.filter((p) => p.request !== null) ?? [], [policies]);
  const nothing = useMemo(() => policies?.filter((p) => p.request === null) ?? [], [policies]);
  const selected = planned.filter((p) => !p.requiresConfirmation || ticked.has(p.key));
  const check = (key: string, on: boolean) =>
    setTicked((t) => {
      const next = new Set(t);
      if (on) next.add(key);
      else next.delete(key);
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
  /** The policy's latest history row in the run, once there is one. */
  changeOf: (policy: PolicyPreviewView) => RunChangeView | undefined;
  waitingFor: (policy: PolicyPreviewView) => boolean;
}) {
  return (
    <>
      {planned.map((p) => (
        <PolicyPreviewItem
          key={p.key}
          policy={p}
          outcomes={outcomes}
          checked={ticked.has(p.key)}
          locked={locked}
          onCheck={(on) => check(p.key, on)}
          change={changeOf(p)}
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
              <NothingToDoItem key={p.key} policy={p} outcomes={outcomes} />
            ))}
          </Box>
        </Box>
      ) : null}
    </>
  );
}

/** The ticket reference a confirmation carries (the MSP's PSA ticket); required when Settings says so. */
export function TicketField({ value, onChange, required, disabled }: { value: string; onChange: (v: string) => void; required: boolean; disabled: boolean }) {
  return (
    <TextField
      size="small"
      label={required ? "Ticket reference (required)" : "Ticket reference (optional)"}
      placeholder="e.g. PSA-12345"
      value={value}
      onChange={(e) => onChange(e.target.value)}
      required={required}
      disabled={disabled}
      slotProps={{ htmlInput: { maxLength: 100, "data-testid": "ticket" } }}
      sx={{ minWidth: 260 }}
    />
  );
}

/** Cancel and Confirm (with the ticket reference), then only Close once the change is `done` (started, for a run the dialog follows). */
export function PreviewActions({
  selected,
  done,
  busy,
  ready,
  onClose,
  onConfirm,
  ticket,
  confirmLabel = "Confirm",
  confirmColor = "primary",
  extra,
}: {
  selected: number;
  done: boolean;
  busy: boolean;
  ready: boolean;
  onClose: () => void;
  onConfirm: () => void;
  ticket?: { value: string; onChange: (v: string) => void; required: boolean };
  confirmLabel?: string;
  /** "warning" for a step that can lock someone out (enforcing the dedicated policy). */
  confirmColor?: "primary" | "warning";
  /** More buttons once done (Cancel the run, Retry). */
  extra?: ReactNode;
}) {
  const missingTicket = ticket !== undefined && ticket.required && ticket.value.trim() === "";
  return (
    <DialogActions sx={{ flexWrap: "wrap", gap: 1 }}>
      {ticket && !done ? (
        <Box sx={{ flexGrow: 1 }}>
          <TicketField value={ticket.value} onChange={ticket.onChange} required={ticket.required} disabled={busy || !ready} />
        </Box>
      ) : null}
      {done ? extra : null}
      <Button onClick={onClose}>{done ? "Close" : "Cancel"}</Button>
      {done ? null : (
        <Button
          variant="contained"
          color={confirmColor}
          onClick={onConfirm}
          disabled={selected === 0 || busy || !ready || missingTicket}
          startIcon={busy ? <CircularProgress size={16} /> : undefined}
        >
          {confirmLabel} {selected > 0 && confirmLabel === "Confirm" ? `(${selected} ${selected === 1 ? "policy" : "policies"})` : ""}
        </Button>
      )}
    </DialogActions>
  );
}
