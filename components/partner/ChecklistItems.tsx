// The hardening checklist's four items, done or not, each with its sentence. No hooks, so both the
// partner page (client) and the dashboard (server) render it.
import CheckCircleOutlined from "@mui/icons-material/CheckCircleOutlined";
import RadioButtonUncheckedOutlined from "@mui/icons-material/RadioButtonUncheckedOutlined";
import Box from "@mui/material/Box";
import Link from "@mui/material/Link";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import type { ReactNode } from "react";
import type { Checklist, ChecklistItem, ChecklistKey } from "@/lib/partner/checklist-rules";

/** The attestation in the reader's own time format (lib/partner's sentence carries the ISO time). */
function Attested({ item }: { item: ChecklistItem }) {
  const at = new Date(item.attestedAt!);
  return (
    <span data-testid="attestation">
      Attested by <strong>{item.attestedByUpn ?? "an unknown user"}</strong> on <time dateTime={at.toISOString()}>{at.toLocaleString()}</time>.
    </span>
  );
}

export function ChecklistItems({
  checklist,
  compact = false,
  actions = {},
}: {
  checklist: Checklist;
  compact?: boolean;
  actions?: Partial<Record<ChecklistKey, ReactNode>>;
}) {
  return (
    <Box component="ul" sx={{ m: 0, p: 0, listStyle: "none" }} aria-label="Service account checklist">
      {checklist.items.map((item) => (
        <Stack
          component="li"
          key={item.key}
          direction="row"
          spacing={1}
          sx={{ py: compact ? 0.25 : 0.75 }}
          data-testid="checklist-item"
          data-key={item.key}
          data-done={String(item.done)}
        >
          {item.done ? (
            <CheckCircleOutlined color="success" fontSize="small" sx={{ mt: 0.25 }} titleAccess="Done" />
          ) : (
            <RadioButtonUncheckedOutlined color="disabled" fontSize="small" sx={{ mt: 0.25 }} titleAccess="Not done" />
          )}
          <Box sx={{ minWidth: 0 }}>
            <Typography variant="body2" sx={{ fontWeight: 500 }}>
              {item.title}
            </Typography>
            {compact ? null : (
              <Typography variant="body2" color="text.secondary" data-testid="checklist-sentence">
                {item.attestedAt ? <Attested item={item} /> : item.sentence}
                {item.link ? (
                  <>
                    {" "}
                    <Link href={item.link} target="_blank" rel="noopener noreferrer">
                      The legacy per-user MFA service settings
                    </Link>
                  </>
                ) : null}
              </Typography>
            )}
            {compact ? null : actions[item.key]}
          </Box>
        </Stack>
      ))}
    </Box>
  );
}

export function checklistSummary(checklist: Checklist): string {
  const done = checklist.items.filter((i) => i.done).length;
  return checklist.done ? "All done." : `${done} of ${checklist.items.length} done.`;
}
