// The partner tenant's hardening checklist, compact, linking to the partner page. The checklist is
// null when it could not be made at all; a partner tenant that cannot be read is still a checklist
// (its Graph items not done, saying why).
import Card from "@mui/material/Card";
import CardContent from "@mui/material/CardContent";
import Link from "@mui/material/Link";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import { ChecklistItems, checklistSummary } from "@/components/partner/ChecklistItems";
import type { Checklist } from "@/lib/partner/checklist-rules";

export function PartnerChecklistCard({ checklist, error }: { checklist: Checklist | null; error: string | null }) {
  const unread = checklist?.items.find((i) => !i.done && i.sentence.startsWith("The partner tenant's policies could not be read"));
  return (
    <Card data-testid="dashboard-partner-checklist" data-done={checklist ? String(checklist.done) : undefined} sx={{ maxWidth: 560 }}>
      <CardContent>
        <Stack spacing={1}>
          <Stack direction="row" spacing={1} sx={{ alignItems: "baseline" }}>
            <Typography variant="h6" component="h2" sx={{ flexGrow: 1 }}>
              <Link href="/partner" underline="hover" color="inherit">
                Partner tenant: service account
              </Link>
            </Typography>
            {checklist ? (
              <Typography variant="body2" color="text.secondary">
                {checklistSummary(checklist)}
              </Typography>
            ) : null}
          </Stack>
          {checklist ? <ChecklistItems checklist={checklist} compact /> : null}
          {unread || error ? (
            <Typography variant="body2" color="warning.main">
              {unread?.sentence ?? `The checklist could not be made: ${error}`}
            </Typography>
          ) : null}
          <Link href="/partner" variant="body2">
            Open the partner tenant
          </Link>
        </Stack>
      </CardContent>
    </Card>
  );
}
