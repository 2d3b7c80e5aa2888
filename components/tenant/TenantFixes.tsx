"use client";
// The tenant page's fix entrances: "Fix all" beside the title and "Exclude MSP" on each policy the
// MSP needs excluded from (or that needs review). Both open the same change dialog (a run of one
// tenant). Readers get the page without either button (canFix false); the actions refuse them anyway.
import BuildOutlined from "@mui/icons-material/BuildOutlined";
import Button from "@mui/material/Button";
import Stack from "@mui/material/Stack";
import NextLink from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useState, type ReactNode } from "react";
import { previewFix } from "@/app/tenants/[tenantId]/actions";
import { unwrap } from "@/components/data/fetch";
import { ChangeDialog } from "@/components/fix/ChangeDialog";
import { SignInBeforeAfter } from "@/components/fix/SignInBeforeAfter";
import type { PlannedVerdict } from "@/lib/proof";
import type { PolicyView } from "@/lib/db/queries/tenant-policies";
import { PolicyList } from "./PolicyList";

interface FixRequest {
  /** A policy's button: that policy only. Without: every enabled or report-only policy. */
  policyIds?: string[];
  title: string;
  /** Retry: the run that failed. */
  retryOf?: string;
}

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
  const router = useRouter();
  const [open, setOpen] = useState<(FixRequest & { key: number }) | null>(null);
  // The preview's sign-in verdicts (before / after), kept from the preview action's answer.
  const [signIn, setSignIn] = useState<{ key: number; verdicts: PlannedVerdict[] | null } | null>(null);
  const show = (request: FixRequest) => setOpen({ ...request, key: Date.now() });
  // The engine refreshed the snapshots and counts: show them behind the dialog.
  const refresh = useCallback(() => router.refresh(), [router]);
  return (
    <>
      <Stack direction={{ xs: "column", sm: "row" }} spacing={2} sx={{ alignItems: { sm: "center" } }}>
        <Stack sx={{ flexGrow: 1 }}>{header}</Stack>
        {canFix && policies && policies.length > 0 ? (
          <Button variant="contained" startIcon={<BuildOutlined />} onClick={() => show({ title: `Fix all: ${tenantName}` })}>
            Fix all
          </Button>
        ) : null}
      </Stack>
      {children}
      {policies ? (
        <PolicyList
          policies={policies}
          actions={(p) => (
            <Stack direction="row" spacing={1} sx={{ alignItems: "center" }}>
              {canFix && FIXABLE.has(p.outcome) && !p.microsoftManaged ? (
                <Button
                  variant="outlined"
                  size="small"
                  aria-label={`Exclude MSP from ${p.displayName}`}
                  onClick={() => show({ policyIds: [p.id], title: `Exclude MSP: ${p.displayName}` })}
                >
                  Exclude MSP
                </Button>
              ) : null}
              <Button size="small" component={NextLink} href={`/tenants/${tenantId}/policies/${p.id}`} aria-label={`Versions of ${p.displayName}`}>
                Versions
              </Button>
            </Stack>
          )}
        />
      ) : null}
      {open ? (
        <ChangeDialog
          key={open.key}
          title={open.title}
          loadPreview={async () => {
            const preview = await unwrap(
              previewFix({ tenantId, ...(open.policyIds ? { policyIds: open.policyIds } : {}), ...(open.retryOf ? { retryOf: open.retryOf } : {}) }),
            );
            setSignIn({ key: open.key, verdicts: preview.signIn });
            return preview;
          }}
          intro={<SignInBeforeAfter verdicts={signIn?.key === open.key ? signIn.verdicts : undefined} />}
          nothingText="Nothing to change: every policy already excludes the MSP or does not apply to it."
          onEnded={refresh}
          onRetry={(runId) => show({ ...open, retryOf: runId })}
          onClose={() => setOpen(null)}
        />
      ) : null}
    </>
  );
}
