// The users condition before and after the request, side by side: in words (lines that go away
// struck through, new lines marked), then the JSON of just the properties the request changes.
import Box from "@mui/material/Box";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import { JsonBlock } from "@/components/history/JsonBlock";
import type { PolicyPreviewView } from "@/lib/runs/views";

/** Read by screen readers only: the colour and strike-through say the same to sighted people. */
const SR_ONLY = { position: "absolute", width: "1px", height: "1px", overflow: "hidden", clip: "rect(0 0 0 0)", whiteSpace: "nowrap" } as const;

function Lines({ lines, other, mark }: { lines: string[]; other: string[]; mark: "removed" | "added" }) {
  if (lines.length === 0)
    return (
      <Typography variant="body2" color="text.secondary">
        (no users condition)
      </Typography>
    );
  return (
    <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
      {lines.map((line) => {
        const differs = !other.includes(line);
        return (
          <Typography
            component="li"
            variant="body2"
            key={line}
            sx={
              differs
                ? {
                    bgcolor: mark === "added" ? "success.light" : "error.light",
                    color: mark === "added" ? "success.contrastText" : "error.contrastText",
                    textDecoration: mark === "removed" ? "line-through" : undefined,
                    px: 0.5,
                    borderRadius: 0.5,
                  }
                : undefined
            }
          >
            {differs ? (
              <Box component="span" sx={SR_ONLY}>
                {mark === "added" ? "Added: " : "Removed: "}
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
          <Lines lines={users.describedBefore} other={users.describedAfter} mark="removed" />
        </Box>
        <Box data-testid="users-after">
          <Typography variant="subtitle2">Users after the fix</Typography>
          <Lines lines={users.describedAfter} other={users.describedBefore} mark="added" />
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
