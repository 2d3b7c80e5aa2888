// The preview's totals: what a run from it would touch, at a glance.
import Box from "@mui/material/Box";
import Paper from "@mui/material/Paper";
import Typography from "@mui/material/Typography";
import type { RunPreviewView } from "@/lib/runs/views";

export function PreviewTotals({ totals }: { totals: RunPreviewView["totals"] }) {
  const items = [
    { key: "tenants", label: "Tenants", value: totals.tenants },
    { key: "to-change", label: "Policies to change", value: totals.policiesToChange },
    { key: "to-skip", label: "Policies to skip", value: totals.policiesToSkip },
    { key: "needs-review", label: "Policies needing review", value: totals.policiesNeedingReview },
    { key: "unreachable", label: "Unreachable tenants", value: totals.unreachableTenants },
    // Only when there are any: most previews have none, and the card would be noise.
    ...(totals.leftOutTenants > 0 ? [{ key: "left-out", label: "Left out: read-only GDAP", value: totals.leftOutTenants }] : []),
  ];
  return (
    <Box component="dl" aria-label="Preview totals" sx={{ display: "grid", gridTemplateColumns: "repeat(auto-fill, minmax(170px, 1fr))", gap: 1.5, m: 0 }}>
      {items.map((i) => (
        <Paper key={i.key} variant="outlined" sx={{ p: 1.5 }} data-testid={`total-${i.key}`}>
          <Typography component="dt" variant="body2" color="text.secondary">
            {i.label}
          </Typography>
          <Typography component="dd" variant="h5" sx={{ m: 0 }}>
            {i.value}
          </Typography>
        </Paper>
      ))}
    </Box>
  );
}
