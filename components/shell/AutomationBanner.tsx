// Shown on the dashboard and the tenants page while the automation account cannot work: nothing can
// be read or fixed, and a sync would be refused, so the reason and the way to Settings come first.
import Alert from "@mui/material/Alert";
import AlertTitle from "@mui/material/AlertTitle";
import Button from "@mui/material/Button";

/** lib/graph's AutomationReadiness, as the page passes it on. */
export type ReadinessView = { ready: true } | { ready: false; reason: string };

export function AutomationBanner({ readiness }: { readiness: ReadinessView }) {
  if (readiness.ready) return null;
  return (
    <Alert
      severity="error"
      data-testid="automation-banner"
      action={
        <Button href="/settings" color="inherit" size="small">
          Open Settings
        </Button>
      }
    >
      <AlertTitle>The portal cannot reach any tenant</AlertTitle>
      {readiness.reason}
    </Alert>
  );
}
