// The dashboard's first-run guide (issue 20): what a new admin does first, in order, each step
// linked; shown until the fleet has been read, then it steps aside for the figures.
import CheckCircleOutlined from "@mui/icons-material/CheckCircleOutlined";
import RadioButtonUncheckedOutlined from "@mui/icons-material/RadioButtonUncheckedOutlined";
import Card from "@mui/material/Card";
import CardContent from "@mui/material/CardContent";
import Link from "@mui/material/Link";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";

export interface FirstRunState {
  connected: boolean;
  /** Customer tenants known (read from the GDAP relationships by a sync). */
  tenants: number;
  neverSynced: number;
}

export function needsFirstRun(s: FirstRunState): boolean {
  return !s.connected || s.tenants === 0 || s.neverSynced === s.tenants;
}

export function FirstRunSteps({ state }: { state: FirstRunState }) {
  const synced = state.tenants > 0 && state.neverSynced < state.tenants;
  const steps = [
    { done: state.connected, href: "/settings", title: "Connect the automation account", what: "An admin signs it in once, in Settings." },
    { done: synced, href: "/tenants", title: "Sync the tenants", what: "Sync all reads your GDAP customers and their Conditional Access policies." },
    { done: false, href: "/tenants", title: "Review what blocks you", what: "Open a tenant that needs a fix, preview the change, then confirm it." },
  ];
  return (
    <Card data-testid="first-run">
      <CardContent>
        <Typography variant="h6" component="h2" gutterBottom>
          Getting started
        </Typography>
        <Stack component="ol" spacing={1} sx={{ m: 0, pl: 0, listStyle: "none" }}>
          {steps.map((s, i) => (
            <Stack component="li" key={s.title} direction="row" spacing={1.5} sx={{ alignItems: "flex-start" }} data-done={s.done}>
              {s.done ? <CheckCircleOutlined color="success" aria-label="done" /> : <RadioButtonUncheckedOutlined color="action" aria-label="to do" />}
              <div>
                <Link href={s.href} sx={{ fontWeight: 600 }}>
                  {i + 1}. {s.title}
                </Link>
                <Typography variant="body2" color="text.secondary">
                  {s.what}
                </Typography>
              </div>
            </Stack>
          ))}
        </Stack>
      </CardContent>
    </Card>
  );
}
