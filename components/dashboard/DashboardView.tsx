import Alert from "@mui/material/Alert";
import AlertTitle from "@mui/material/AlertTitle";
import Box from "@mui/material/Box";
import Card from "@mui/material/Card";
import CardActionArea from "@mui/material/CardActionArea";
import CardContent from "@mui/material/CardContent";
import Link from "@mui/material/Link";
import Stack from "@mui/material/Stack";
import Table from "@mui/material/Table";
import TableBody from "@mui/material/TableBody";
import TableCell from "@mui/material/TableCell";
import TableHead from "@mui/material/TableHead";
import TableRow from "@mui/material/TableRow";
import Typography from "@mui/material/Typography";
import { runKindLabel } from "@/components/history/labels";
import { AutomationBanner, type ReadinessView } from "@/components/shell/AutomationBanner";
import type { DashboardData } from "@/lib/db/queries/dashboard";
import type { Checklist } from "@/lib/partner/checklist-rules";
import { ComplianceChart } from "./ComplianceChart";
import { FirstRunSteps, needsFirstRun } from "./FirstRunSteps";
import { FleetAccessCheck } from "./FleetAccessCheck";
import { PartnerChecklistCard } from "./PartnerChecklistCard";
import { SignInCounts } from "./SignInCounts";

/** `show`: the tenants page's preset filter this figure counts (components/tenants/presets.ts). */
function Figure({ label, value, tone, testId, show }: { label: string; value: number; tone?: "error" | "warning" | "success"; testId: string; show?: string }) {
  return (
    <Card data-testid={testId}>
      <CardActionArea href={show ? `/tenants?show=${show}` : "/tenants"}>
        <CardContent>
          <Typography variant="h3" component="p" color={tone ? `${tone}.main` : undefined}>
            {value}
          </Typography>
          <Typography variant="body2" color="text.secondary">
            {label}
          </Typography>
        </CardContent>
      </CardActionArea>
    </Card>
  );
}

export function DashboardView({
  data,
  partner,
  automation,
  canCheckAll = false,
}: {
  data: DashboardData;
  partner: { checklist: Checklist | null; error: string | null };
  automation: ReadinessView;
  /** Operators and admins may start a check of every tenant's sign-in (app/proof-check-actions.ts). */
  canCheckAll?: boolean;
}) {
  const firstRun = { connected: automation.ready, tenants: data.tenants, neverSynced: data.neverSynced };
  return (
    <Stack spacing={3} sx={{ maxWidth: 1200, minWidth: 0 }}>
      <Typography variant="h4" component="h1">
        Dashboard
      </Typography>
      <AutomationBanner readiness={automation} />
      {needsFirstRun(firstRun) ? <FirstRunSteps state={firstRun} /> : null}
      <Box sx={{ display: "grid", gap: 2, gridTemplateColumns: { xs: "1fr 1fr", md: "repeat(5, 1fr)" } }}>
        <Figure testId="figure-tenants" label="customer tenants" value={data.tenants} />
        <Figure testId="figure-reachable" label="reachable" value={data.reachable} tone="success" />
        <Figure testId="figure-needing-fixes" label="need fixes or review" value={data.needingFixes} tone="warning" show="needs-fix" />
        <Figure testId="figure-blocked" label="blocked by Conditional Access" value={data.blockedByCa} tone="error" show="blocked" />
        <Figure testId="figure-unreachable" label="unreachable for other reasons" value={data.unreachable} tone="error" show="unreachable" />
      </Box>
      {data.neverSynced > 0 ? (
        <Typography variant="body2" color="text.secondary">
          {data.neverSynced} tenants have not been synced yet.
        </Typography>
      ) : null}
      {data.awaitingApproval.length > 0 ? (
        <Alert severity="warning" data-testid="awaiting-approval">
          <AlertTitle>Waiting for approval</AlertTitle>
          <Stack component="ul" spacing={0.5} sx={{ m: 0, pl: 2 }}>
            {data.awaitingApproval.map((r) => (
              <li key={r.id}>
                <Link href={`/runs/${r.id}`}>
                  {runKindLabel(r.kind)} by {r.by}
                </Link>{" "}
                since {new Date(r.at).toLocaleString()}: {r.reason}
              </li>
            ))}
          </Stack>
        </Alert>
      ) : null}
      <FleetAccessCheck canStart={canCheckAll}>
        <SignInCounts counts={data.signIn} />
      </FleetAccessCheck>
      <ComplianceChart days={data.compliance} />
      <PartnerChecklistCard checklist={partner.checklist} error={partner.error} />
      <Box>
        <Typography variant="h6" component="h2" sx={{ mb: 1 }}>
          Recent runs
        </Typography>
        {data.recentRuns.length === 0 ? (
          <Typography color="text.secondary">Nothing has been changed yet.</Typography>
        ) : (
          // On a phone the table scrolls in its own box (keyboard-focusable), never the page.
          <Box sx={{ overflowX: "auto" }} tabIndex={0} role="region" aria-label="Recent runs table">
            <Table size="small" aria-label="Recent runs">
              <TableHead>
                <TableRow>
                  <TableCell>When</TableCell>
                  <TableCell>What</TableCell>
                  <TableCell>By</TableCell>
                  <TableCell>Status</TableCell>
                  <TableCell>Ticket</TableCell>
                  <TableCell align="right">Applied</TableCell>
                  <TableCell align="right">Failed</TableCell>
                  <TableCell align="right">Skipped</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {data.recentRuns.map((r) => (
                  <TableRow key={r.id}>
                    <TableCell>
                      <Link href={`/history?run=${r.id}`}>{new Date(r.at).toLocaleString()}</Link>
                    </TableCell>
                    <TableCell>{runKindLabel(r.kind)}</TableCell>
                    <TableCell>{r.by}</TableCell>
                    <TableCell>{r.statusText}</TableCell>
                    <TableCell>{r.ticket ?? ""}</TableCell>
                    <TableCell align="right">{r.applied}</TableCell>
                    <TableCell align="right">{r.failed}</TableCell>
                    <TableCell align="right">{r.skipped}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Box>
        )}
      </Box>
    </Stack>
  );
}
