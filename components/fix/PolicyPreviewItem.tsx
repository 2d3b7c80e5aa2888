// One policy in the preview dialog: what the engine plans for it, the users condition before and
// after, the exact request, the tick a needs-review policy requires, and, once the fix runs, its
// result in place.
import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Checkbox from "@mui/material/Checkbox";
import Chip from "@mui/material/Chip";
import CircularProgress from "@mui/material/CircularProgress";
import FormControlLabel from "@mui/material/FormControlLabel";
import Paper from "@mui/material/Paper";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import { JsonBlock } from "@/components/history/JsonBlock";
import { OUTCOME, STATE } from "@/components/tenant/outcome";
import type { ChipColor } from "@/components/tenants/access";
import type { PolicyPreviewView, RunChangeView } from "@/lib/runs/views";
import { PolicyDescription } from "./PolicyDescription";
import { UsersDiff } from "./UsersDiff";

const RESULT = {
  applied: { label: "Applied", severity: "success" },
  skipped: { label: "Skipped", severity: "info" },
  failed: { label: "Failed", severity: "error" },
  pending: { label: "Pending", severity: "warning" },
} as const;

/** The outcome of this policy in the run: its history row, or where it stands while the run works. */
export function PolicyResult({ change, waiting }: { change: RunChangeView | undefined; waiting: boolean }) {
  if (!change) {
    return waiting ? (
      <Stack direction="row" spacing={1} sx={{ alignItems: "center" }} data-testid="policy-result" data-result="waiting">
        <CircularProgress size={16} aria-label="Waiting for this policy" />
        <Typography variant="body2">Waiting…</Typography>
      </Stack>
    ) : null;
  }
  const r = RESULT[change.result as keyof typeof RESULT] ?? { label: change.result, severity: "info" as const };
  // An applied change's reason is the plan shown just below; what matters then is the verification,
  // and whether it had to go through /beta (and why).
  const beta = change.result === "applied" ? change.betaNote : null;
  const detail =
    change.result === "applied"
      ? (change.error ?? "the re-read policy shows the change.")
      : [change.reason, change.error].filter((t): t is string => !!t && t !== "").join(" ");
  return (
    <Alert severity={r.severity} data-testid="policy-result" data-result={change.result}>
      <strong>{r.label}</strong>
      {change.graphStatus ? ` (Graph answered ${change.graphStatus})` : ""}
      {beta !== null ? ` through /beta` : ""}: {detail}
      {beta !== null ? ` ${beta}.` : ""}
    </Alert>
  );
}

export type Outcomes = Readonly<Record<string, { label: string; color: ChipColor }>>;

export function PolicyPreviewItem({
  policy,
  checked,
  onCheck,
  locked,
  change,
  waiting,
  outcomes = OUTCOME,
}: {
  policy: PolicyPreviewView;
  /** Chip label and colour per outcome (the partner page words them about its service account). */
  outcomes?: Outcomes;
  checked: boolean;
  onCheck: (checked: boolean) => void;
  /** Once confirmed, the selection is what was sent and can no longer change. */
  locked: boolean;
  change: RunChangeView | undefined;
  waiting: boolean;
}) {
  const outcome = outcomes[policy.outcome] ?? { label: policy.outcome, color: "default" as const };
  return (
    <Paper
      component="section"
      variant="outlined"
      aria-label={policy.name}
      data-testid="preview-policy"
      data-policy-id={policy.policyId ?? ""}
      data-outcome={policy.outcome}
      sx={{ p: 2 }}
    >
      <Stack spacing={1.5}>
        <Stack direction="row" spacing={1} sx={{ alignItems: "center", flexWrap: "wrap" }}>
          <Typography component="h3" variant="subtitle1" sx={{ flex: "1 1 320px", fontWeight: 600 }}>
            {policy.name}
          </Typography>
          {policy.state ? <Chip size="small" variant="outlined" label={STATE[policy.state] ?? policy.state} /> : null}
          {/* Once the run has an outcome for it, the preview's plan chip would contradict the result below. */}
          {change ? null : <Chip size="small" color={outcome.color} label={outcome.label} />}
        </Stack>
        {/* The result first: after Confirm it is what the person looks for. */}
        <PolicyResult change={change} waiting={waiting} />
        <Typography variant="body2">{policy.reason}</Typography>
        {policy.warnings.map((w) => (
          <Alert key={w} severity="warning">
            {w}
          </Alert>
        ))}
        {policy.requiresConfirmation ? (
          <FormControlLabel
            control={
              <Checkbox
                checked={checked}
                disabled={locked}
                onChange={(e) => onCheck(e.target.checked)}
                slotProps={{ input: { "aria-label": `Include ${policy.name}` } }}
              />
            }
            label="Needs review: I have read the warnings above; include this policy in the fix"
          />
        ) : null}
        {policy.policy ? <PolicyDescription policy={policy.policy} /> : <UsersDiff users={policy.users} />}
        {policy.request ? (
          <Stack spacing={0.5}>
            <Typography variant="subtitle2">The exact request</Typography>
            <Typography
              variant="body2"
              data-testid="request-line"
              sx={{ fontFamily: "ui-monospace, SFMono-Regular, Menlo, monospace", wordBreak: "break-all" }}
            >
              {policy.request.method} {policy.request.path}
            </Typography>
            <JsonBlock title="Body (JSON)" value={policy.request.body} testId="request-body" />
          </Stack>
        ) : null}
      </Stack>
    </Paper>
  );
}

/** A policy the fix leaves alone: one line. */
export function NothingToDoItem({ policy, outcomes = OUTCOME }: { policy: PolicyPreviewView; outcomes?: Outcomes }) {
  const outcome = outcomes[policy.outcome] ?? { label: policy.outcome, color: "default" as const };
  return (
    <Box component="li" data-testid="preview-nothing" data-policy-id={policy.policyId ?? ""} sx={{ py: 0.5 }}>
      <Stack direction="row" spacing={1} sx={{ alignItems: "center", flexWrap: "wrap" }}>
        <Typography variant="body2" sx={{ fontWeight: 500 }}>
          {policy.name}
        </Typography>
        <Chip size="small" color={outcome.color} label={outcome.label} />
        <Typography variant="body2" color="text.secondary">
          {policy.reason}
        </Typography>
      </Stack>
    </Box>
  );
}
