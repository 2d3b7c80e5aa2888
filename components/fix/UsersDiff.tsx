// The users condition before and after the request, side by side: in words (lines that go away
// struck through, new lines marked, an entry that changes tinted, kept ones plain), then the JSON of just the properties the request changes.
import Box from "@mui/material/Box";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import { JsonBlock } from "@/components/history/JsonBlock";
import type { PolicyPreviewView } from "@/lib/runs/views";
import { lineMark } from "./line-marks";

/** Read by screen readers only: the colour and strike-through say the same to sighted people. */
const SR_ONLY = { position: "absolute", width: "1px", height: "1px", overflow: "hidden", clip: "rect(0 0 0 0)", whiteSpace: "nowrap" } as const;

// Tinted backgrounds under the page's own text colour: readable in light and dark (WCAG AA), unlike
// white on success.light (2.8:1).
const TINT = { added: "success", removed: "error", changed: "info" } as const;
const SAY = { added: "Added: ", removed: "Removed: ", changed: "Changes: " } as const;

function Lines({ lines, other, side }: { lines: string[]; other: string[]; side: "removed" | "added" }) {
  if (lines.length === 0)
    return (
      <Typography variant="body2" color="text.secondary">
        (no users condition)
      </Typography>
    );
  return (
    <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
      {lines.map((line) => {
        const mark = lineMark(line, other, side);
        // On the "now" side a changing entry stays plain apart from its tint: it is not taken away.
        const tinted = mark !== "kept" && !(mark === "changed" && side === "removed");
        return (
          <Typography
            component="li"
            variant="body2"
            key={line}
            data-mark={mark}
            sx={
              tinted
                ? (theme) => ({
                    bgcolor: `rgba(${theme.vars!.palette[TINT[mark]].mainChannel} / 0.16)`,
                    textDecoration: mark === "removed" ? "line-through" : undefined,
                    px: 0.5,
                    borderRadius: 0.5,
                  })
                : undefined
            }
          >
            {mark !== "kept" ? (
              <Box component="span" sx={SR_ONLY}>
                {SAY[mark]}
              </Box>
            ) : null}
            {line}
          </Typography>
        );
      })}
    </Box>
  );
}

function pick(value: unknown, keys: string[]): Record<string, unknown> {
  const source = typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
  return Object.fromEntries(keys.map((k) => [k, source[k] ?? null]));
}

export function UsersDiff({ users }: { users: PolicyPreviewView["users"] }) {
  return (
    <Stack spacing={1.5}>
      <Box sx={{ display: "grid", gridTemplateColumns: { md: "1fr 1fr" }, gap: 2 }}>
        <Box data-testid="users-before">
          <Typography variant="subtitle2">Users now</Typography>
          <Lines lines={users.describedBefore} other={users.describedAfter} side="removed" />
        </Box>
        <Box data-testid="users-after">
          <Typography variant="subtitle2">Users after the fix</Typography>
          <Lines lines={users.describedAfter} other={users.describedBefore} side="added" />
        </Box>
      </Box>
      {users.changed.length > 0 ? (
        <Box sx={{ display: "grid", gridTemplateColumns: { md: "1fr 1fr" }, gap: 2 }}>
          <JsonBlock title={`Before (conditions.users: ${users.changed.join(", ")})`} value={pick(users.before, users.changed)} testId="users-json-before" />
          <JsonBlock title="After" value={pick(users.after, users.changed)} testId="users-json-after" />
        </Box>
      ) : null}
    </Stack>
  );
}
