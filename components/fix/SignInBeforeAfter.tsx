// A fix's preview: the MSP's GDAP sign-in verdict per scenario now and after the planned change
// (lib/ca's What If on the planned policies, lib/proof plannedVerdicts).
import Alert from "@mui/material/Alert";
import Chip from "@mui/material/Chip";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import type { VerdictKind } from "@/lib/ca";
import type { PlannedVerdict } from "@/lib/proof";

const COLOR: Record<VerdictKind, "success" | "warning" | "error"> = { "gets-in": "success", "gets-in-after-mfa": "warning", blocked: "error" };

export function SignInBeforeAfter({ verdicts }: { verdicts: PlannedVerdict[] | null | undefined }) {
  if (verdicts === undefined) return null;
  if (verdicts === null)
    return <Alert severity="info">The MSP&apos;s sign-in verdict could not be worked out: the tenant&apos;s policies could not be read again.</Alert>;
  return (
    <Stack spacing={0.5} data-testid="sign-in-before-after">
      <Typography variant="subtitle2" component="h3">
        The MSP&apos;s GDAP sign-in, now and after this change
      </Typography>
      {verdicts.map((v) => (
        <Stack key={v.key} direction="row" spacing={1} sx={{ alignItems: "center", flexWrap: "wrap" }} data-testid="planned-verdict">
          <Typography variant="body2">{v.name}:</Typography>
          <Chip size="small" variant="outlined" color={COLOR[v.before.kind]} label={`now: ${v.before.words}`} data-testid="verdict-before" />
          <Typography variant="body2" aria-hidden>
            →
          </Typography>
          <Chip size="small" color={COLOR[v.after.kind]} label={`after: ${v.after.words}`} data-testid="verdict-after" />
        </Stack>
      ))}
    </Stack>
  );
}
