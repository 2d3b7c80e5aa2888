"use client";
// The tenant page's fix entrances: "Fix all" beside the title and "Exclude MSP" on each policy the
// MSP needs excluded from (or that needs review). Both open the same preview dialog. Readers get
// the page without either button (canFix false); the actions refuse them anyway.
import BuildOutlined from "@mui/icons-material/BuildOutlined";
import Button from "@mui/material/Button";
import Stack from "@mui/material/Stack";
import { useState, type ReactNode } from "react";
import { PreviewDialog, type FixRequest } from "@/components/fix/PreviewDialog";
import type { PolicyView } from "@/lib/db/queries/tenant-policies";
import { PolicyList } from "./PolicyList";

const FIXABLE = new Set(["patch", "needs-review"]);

export function TenantFixes({
  tenantId,
  tenantName,
  policies,
  canFix,
  header,
  children,
}: {
  tenantId: string;
  tenantName: string;
  policies: PolicyView[] | null;
  canFix: boolean;
  header: ReactNode;
  children?: ReactNode;
}) {
  const [open, setOpen] = useState<(FixRequest & { key: number }) | null>(null);
  const show = (request: FixRequest) => setOpen({ ...request, key: Date.now() });
  return (
    <>
      <Stack direction={{ xs: "column", sm: "row" }} spacing={2} sx={{ alignItems: { sm: "center" } }}>
        <Stack sx={{ flexGrow: 1 }}>{header}</Stack>
        {canFix && policies && policies.length > 0 ? (
          <Button variant="contained" startIcon={<BuildOutlined />} onClick={() => show({ kind: "tenant-fix", title: `Fix all: ${tenantName}` })}>
            Fix all
          </Button>
        ) : null}
      </Stack>
      {children}
      {policies ? (
        <PolicyList
          policies={policies}
          actions={
            canFix
              ? (p) =>
                  FIXABLE.has(p.outcome) ? (
                    <Button
                      variant="outlined"
                      size="small"
                      aria-label={`Exclude MSP from ${p.displayName}`}
                      onClick={() => show({ kind: "policy-fix", policyIds: [p.id], title: `Exclude MSP: ${p.displayName}` })}
                    >
                      Exclude MSP
                    </Button>
                  ) : null
              : undefined
          }
        />
      ) : null}
      {open ? <PreviewDialog key={open.key} tenantId={tenantId} request={open} onClose={() => setOpen(null)} /> : null}
    </>
  );
}
