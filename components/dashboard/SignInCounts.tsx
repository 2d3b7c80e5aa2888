"use client";
// The fleet's GDAP sign-in on the dashboard (issue 16's fleet view): how many tenants' newest proof of
// access (Graph's What If) gets in, after MFA, is blocked, not proven, or was never checked; each
// figure opens the tenants page on exactly those tenants (its preset, components/tenants/presets.ts).
import Box from "@mui/material/Box";
import Link from "@mui/material/Link";
import Typography from "@mui/material/Typography";
import NextLink from "next/link";
import type { SignInCounts as Counts } from "@/lib/db/queries/dashboard";
import { signInLabel } from "@/components/tenants/sign-in";
import type { Preset } from "@/components/tenants/presets";

const FIGURES: { key: keyof Counts; verdict: string | null; show: Preset }[] = [
  { key: "getsIn", verdict: "gets-in", show: "signin-gets-in" },
  { key: "afterMfa", verdict: "gets-in-after-mfa", show: "signin-mfa" },
  { key: "blocked", verdict: "blocked", show: "signin-blocked" },
  { key: "notProven", verdict: "not-proven", show: "signin-not-proven" },
  { key: "notChecked", verdict: null, show: "signin-not-checked" },
];

const TONE: Record<string, string | undefined> = { success: "success.main", info: "info.main", error: "error.main", warning: "warning.main" };

export function SignInCounts({ counts }: { counts: Counts }) {
  return (
    <Box>
      <Typography variant="subtitle2" component="h3" id="signin-counts-title" sx={{ mb: 0.5 }}>
        GDAP sign-in, each tenant&apos;s newest proof
      </Typography>
      <Box
        component="ul"
        aria-labelledby="signin-counts-title"
        data-testid="signin-counts"
        sx={{ listStyle: "none", m: 0, p: 0, display: "grid", gap: 1, gridTemplateColumns: { xs: "1fr 1fr", sm: "repeat(5, 1fr)" } }}
      >
        {FIGURES.map((f) => {
          const words = signInLabel(f.verdict);
          const n = counts[f.key];
          return (
            <li key={f.key}>
              <Link
                component={NextLink}
                href={`/tenants?show=${f.show}`}
                underline="hover"
                data-testid={`signin-count-${f.show}`}
                sx={{ display: "block", p: 1, borderRadius: 1, border: 1, borderColor: "divider" }}
              >
                <Typography variant="h5" component="span" sx={{ display: "block", color: (n > 0 ? TONE[words.color] : undefined) ?? "text.primary" }}>
                  {n}
                </Typography>{" "}
                <Typography variant="body2" component="span" color="text.secondary">
                  {words.label}
                </Typography>
              </Link>
            </li>
          );
        })}
      </Box>
    </Box>
  );
}
