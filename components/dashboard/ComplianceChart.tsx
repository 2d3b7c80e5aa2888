"use client";
// Compliance over time (lib/guard/compliance.ts): per day, the tenants fully protected, needing a
// fix or review, unreachable, and those whose GDAP ends within 30 days, as the guard's sweeps saw them.
import Card from "@mui/material/Card";
import CardContent from "@mui/material/CardContent";
import Typography from "@mui/material/Typography";
import { BarChart } from "@mui/x-charts/BarChart";
import type { ComplianceDay } from "@/lib/guard/compliance";

export function ComplianceChart({ days }: { days: ComplianceDay[] }) {
  const today = days.at(-1);
  return (
    <Card variant="outlined" component="section" aria-labelledby="compliance-heading" data-testid="compliance-chart">
      <CardContent>
        <Typography id="compliance-heading" variant="h6" component="h2">
          Compliance over time
        </Typography>
        {days.length === 0 ? (
          <Typography variant="body2" color="text.secondary">
            No sweep has ended yet: the guard&apos;s first sweep records where every tenant stands, and each day after that.
          </Typography>
        ) : (
          <>
            <Typography variant="body2" color="text.secondary" data-testid="compliance-today">
              {today
                ? `Today: ${today.protected} fully protected, ${today.needsFix} needing a fix or review, ${today.unreachable} unreachable; GDAP ends within 30 days for ${today.gdapExpiring}.`
                : null}
            </Typography>
            <BarChart
              height={260}
              xAxis={[{ scaleType: "band", data: days.map((d) => d.day.slice(5)), label: "Day" }]}
              series={[
                { data: days.map((d) => d.protected), label: "Fully protected", stack: "tenants", color: "#2e7d32" },
                { data: days.map((d) => d.needsFix), label: "Needs a fix or review", stack: "tenants", color: "#b26a00" },
                { data: days.map((d) => d.unreachable), label: "Unreachable", stack: "tenants", color: "#c62828" },
                { data: days.map((d) => d.gdapExpiring), label: "GDAP ends within 30 days", color: "#5e35b1" },
              ]}
            />
          </>
        )}
      </CardContent>
    </Card>
  );
}
