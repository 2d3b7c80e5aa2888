// Tenants the preview could not read, grouped by why: a person fixes a cause, not a tenant.
import Alert from "@mui/material/Alert";
import AlertTitle from "@mui/material/AlertTitle";
import Stack from "@mui/material/Stack";
import type { UnreachableGroup } from "./preview-model";
import { TenantReasonList } from "./TenantReasonList";

export function UnreachableTenants({ groups }: { groups: UnreachableGroup[] }) {
  if (groups.length === 0) return null;
  return (
    <Stack component="section" aria-label="Unreachable tenants" spacing={1}>
      {groups.map((g) => (
        <Alert key={g.problem} severity="warning" data-testid="unreachable-group" data-problem={g.problem}>
          <AlertTitle>
            {g.label}: {g.tenants.length} {g.tenants.length === 1 ? "tenant" : "tenants"} not read, so not changed
          </AlertTitle>
          <TenantReasonList tenants={g.tenants} />
        </Alert>
      ))}
    </Stack>
  );
}
