"use client";
// A report for one customer, meant to be printed or saved as PDF from the browser: where their
// tenant stands, day by day, and what the MSP changed in it and why.
import PrintOutlined from "@mui/icons-material/PrintOutlined";
import Button from "@mui/material/Button";
import Stack from "@mui/material/Stack";
import Table from "@mui/material/Table";
import TableBody from "@mui/material/TableBody";
import TableCell from "@mui/material/TableCell";
import TableHead from "@mui/material/TableHead";
import TableRow from "@mui/material/TableRow";
import Typography from "@mui/material/Typography";
import type { CustomerReport } from "@/lib/guard/report";
import { runKindLabel } from "../history/labels";

const date = (iso: string) => new Date(iso).toLocaleDateString();
const when = (iso: string) => new Date(iso).toLocaleString();
const STANDING: Record<string, string> = { protected: "Fully protected", "needs-fix": "Needed a fix or review", unreachable: "Unreachable" };

export function CustomerReportView({ report }: { report: CustomerReport }) {
  const n = report.now;
  return (
    <Stack spacing={3} sx={{ maxWidth: 1000 }} data-testid="customer-report">
      <Stack direction="row" sx={{ alignItems: "center", justifyContent: "space-between" }}>
        <Typography variant="h4" component="h1">
          Conditional Access report: {report.tenantName}
        </Typography>
        <Button variant="outlined" startIcon={<PrintOutlined />} onClick={() => window.print()} sx={{ displayPrint: "none" }}>
          Print
        </Button>
      </Stack>
      <Typography color="text.secondary">
        {report.defaultDomain ? `${report.defaultDomain} · ` : ""}from {date(report.since)} to {date(new Date().toISOString())}
      </Typography>
      <section aria-labelledby="report-now">
        <Typography id="report-now" variant="h6" component="h2">
          Where the tenant stands
        </Typography>
        <Typography data-testid="report-now">
          {n.policies} Conditional Access policies;{" "}
          {n.needsFix === 0 && n.needsReview === 0 ? "none blocks the MSP's access" : `${n.needsFix} need the MSP's exclusion, ${n.needsReview} need review`}.
          GDAP {n.gdapStatus ?? "unknown"}
          {n.gdapEndsAt ? `, ending ${date(n.gdapEndsAt)}` : ""}. Last read {n.lastReadAt ? when(n.lastReadAt) : "never"}.
        </Typography>
      </section>
      <section aria-labelledby="report-changes">
        <Typography id="report-changes" variant="h6" component="h2">
          What the MSP changed
        </Typography>
        {report.changes.length === 0 ? (
          <Typography color="text.secondary">Nothing in this period.</Typography>
        ) : (
          <Table size="small" aria-labelledby="report-changes">
            <TableHead>
              <TableRow>
                <TableCell>When</TableCell>
                <TableCell>Policy</TableCell>
                <TableCell>What and why</TableCell>
                <TableCell>By</TableCell>
                <TableCell>Ticket</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {report.changes.map((c, i) => (
                <TableRow key={i} data-testid="report-change">
                  <TableCell>{when(c.at)}</TableCell>
                  <TableCell>{c.policyName}</TableCell>
                  <TableCell>
                    {c.result === "failed" ? "Not done (failed): " : ""}
                    {c.reason} <Typography variant="caption">({runKindLabel(c.runKind)})</Typography>
                  </TableCell>
                  <TableCell>{c.by}</TableCell>
                  <TableCell>{c.ticket ?? ""}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </section>
      <section aria-labelledby="report-events">
        <Typography id="report-events" variant="h6" component="h2">
          Changes noticed in the tenant
        </Typography>
        {report.events.length === 0 ? (
          <Typography color="text.secondary">Nothing in this period.</Typography>
        ) : (
          <Table size="small" aria-labelledby="report-events">
            <TableBody>
              {report.events.map((e, i) => (
                <TableRow key={i}>
                  <TableCell sx={{ whiteSpace: "nowrap" }}>{when(e.at)}</TableCell>
                  <TableCell>
                    <strong>{e.label}</strong>: {e.summary}
                    {e.byPortal ? " (made by the MSP's portal)" : ""}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </section>
      <section aria-labelledby="report-days">
        <Typography id="report-days" variant="h6" component="h2">
          Day by day
        </Typography>
        {report.days.length === 0 ? (
          <Typography color="text.secondary">No day recorded yet.</Typography>
        ) : (
          <Table size="small" aria-labelledby="report-days">
            <TableBody>
              {report.days.map((d) => (
                <TableRow key={d.day}>
                  <TableCell sx={{ width: 160 }}>{date(d.day)}</TableCell>
                  <TableCell>{STANDING[d.standing] ?? d.standing}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </section>
    </Stack>
  );
}
