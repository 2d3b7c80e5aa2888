"use client";
// The partner (MSP) tenant page: the checklist, the automation service account, its dedicated
// policy and every policy of the tenant. What each person may press follows their role; the
// server actions check it again.
import Alert from "@mui/material/Alert";
import CircularProgress from "@mui/material/CircularProgress";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import { ChecklistCard } from "./ChecklistCard";
import { DedicatedPolicyCard } from "./DedicatedPolicyCard";
import { PartnerPolicies } from "./PartnerPolicies";
import { usePartnerOverview } from "@/components/data/queries";
import { ServiceAccountPicker } from "./ServiceAccountPicker";

const ACCESS = { delegated: "as the connected automation account", "app-only": "with the portal's app-only permissions" } as const;

export function PartnerView({ canOperate, canAdmin }: { canOperate: boolean; canAdmin: boolean }) {
  const overview = usePartnerOverview();
  const data = overview.data;
  return (
    <Stack spacing={2} sx={{ maxWidth: 1200 }}>
      <Stack direction="row" spacing={2} sx={{ alignItems: "center" }}>
        <Typography variant="h4" component="h1" sx={{ flexGrow: 1 }}>
          Partner tenant
        </Typography>
        {overview.isFetching ? <CircularProgress size={20} aria-label="Reading the partner tenant" /> : null}
      </Stack>
      <Typography variant="body2" color="text.secondary">
        The MSP&apos;s own tenant. Its automation service account reaches every customer: exclude it from every policy here and give it one dedicated, strict
        policy of its own.
        {data ? ` Read live ${ACCESS[data.access]} (tenant ${data.tenantId}).` : ""}
      </Typography>
      {data?.accessNote ? <Alert severity="info">The delegated sign-in was not used: {data.accessNote}</Alert> : null}
      {overview.error ? <Alert severity="error">The partner tenant could not be read: {overview.error.message}</Alert> : null}
      <ChecklistCard canAttest={canAdmin} />
      {data ? (
        <>
          <ServiceAccountPicker account={data.account} canChoose={canAdmin} />
          <DedicatedPolicyCard overview={data} canOperate={canOperate} />
          <PartnerPolicies overview={data} canOperate={canOperate} />
        </>
      ) : null}
    </Stack>
  );
}
