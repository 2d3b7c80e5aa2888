// Tenants the preview read and planned but leaves out of the run: their GDAP roles cannot change
// Conditional Access, so Graph would refuse every write (lib/runs/read-only-gdap.ts). Said before
// the run, with the roles by name, so nobody confirms a change that cannot happen.
import Alert from "@mui/material/Alert";
import AlertTitle from "@mui/material/AlertTitle";
import Box from "@mui/material/Box";
import { plural } from "./format";
import { TenantReasonList } from "./TenantReasonList";

export function LeftOutTenants({ tenants }: { tenants: { tenantId: string; displayName: string; message: string }[] }) {
  if (tenants.length === 0) return null;
  return (
    <Alert severity="warning" component="section" aria-label="Left out: read-only GDAP" data-testid="left-out-group" data-problem="read-only-gdap">
      <AlertTitle>Read-only GDAP: {plural(tenants.length, "tenant", "tenants")} left out of the run</AlertTitle>
      <TenantReasonList tenants={tenants} />
      <Box sx={{ mt: 1 }}>
        Their planned changes are listed below for reference; nothing is sent to them. Ask the customer for a GDAP role that can write Conditional Access, sync,
        and preview again.
      </Box>
    </Alert>
  );
}
