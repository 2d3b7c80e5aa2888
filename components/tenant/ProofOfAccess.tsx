"use client";
// The tenant page's "Proof of access": Graph's What If for each sign-in scenario of the MSP (Settings),
// the verdict in words (gets in / gets in after MFA / blocked by <policy>), each policy's answer and
// why, and what each policy does to the MSP across the scenarios (its label).
import Accordion from "@mui/material/Accordion";
import AccordionDetails from "@mui/material/AccordionDetails";
import AccordionSummary from "@mui/material/AccordionSummary";
import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Card from "@mui/material/Card";
import CardContent from "@mui/material/CardContent";
import Chip from "@mui/material/Chip";
import Stack from "@mui/material/Stack";
import TableCell from "@mui/material/TableCell";
import TableRow from "@mui/material/TableRow";
import Typography from "@mui/material/Typography";
import NextLink from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { checkAccess } from "@/app/tenants/[tenantId]/proof-actions";
import type { PolicyLabelKind, VerdictKind } from "@/lib/ca";
import type { AccessProofView } from "@/lib/proof";
import { SimpleTable } from "@/components/table/SimpleTable";

const VERDICT_COLOR: Record<VerdictKind, "success" | "warning" | "error"> = { "gets-in": "success", "gets-in-after-mfa": "warning", blocked: "error" };
const LABEL_COLOR: Record<PolicyLabelKind, "error" | "warning" | "default" | "info"> = {
  "blocks-msp": "error",
  "mfa-only": "warning",
  "applies-no-grant": "info",
  "not-reaching": "default",
  "cannot-tell": "info",
};
const LABEL_ORDER: PolicyLabelKind[] = ["blocks-msp", "cannot-tell", "mfa-only", "applies-no-grant", "not-reaching"];

export function ProofOfAccess(props: { tenantId: string; proof: AccessProofView | null }) {
  const router = useRouter();
  const [proof, setProof] = useState(props.proof);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const check = () => {
    setError(null);
    startTransition(async () => {
      const result = await checkAccess({ tenantId: props.tenantId });
      if (result.ok) setProof(result.data);
      else setError(result.error.message);
      router.refresh();
    });
  };
  const labels = [...(proof?.result.labels ?? [])].sort((a, b) => LABEL_ORDER.indexOf(a.kind) - LABEL_ORDER.indexOf(b.kind));
  return (
    <Card variant="outlined" data-testid="proof-of-access" sx={{ minWidth: 0 }}>
      <CardContent>
        <Stack spacing={1.5}>
          <Stack direction="row" spacing={2} sx={{ alignItems: "center", justifyContent: "space-between", flexWrap: "wrap" }}>
            <Typography variant="h6" component="h2">
              Proof of access
            </Typography>
            <Button variant="outlined" onClick={check} disabled={pending} data-testid="check-access">
              {pending ? "Asking Microsoft…" : "Check sign-in now"}
            </Button>
          </Stack>
          <Typography variant="body2" color="text.secondary">
            Does a GDAP sign-in of the MSP get into this tenant? Microsoft&apos;s What If evaluation, asked as the MSP&apos;s service provider for each sign-in
            scenario (Settings).
          </Typography>
          {error ? <Alert severity="error">{error}</Alert> : null}
          {proof === null ? (
            <Typography variant="body2">Not checked yet.</Typography>
          ) : (
            <>
              <Typography variant="body2" data-testid="proof-checked">
                {proof.kind === "after-run" && proof.runId ? (
                  <>
                    Checked after <NextLink href={`/runs/${proof.runId}`}>a fix</NextLink> on {new Date(proof.checkedAt).toLocaleString()}:{" "}
                  </>
                ) : (
                  `Checked ${new Date(proof.checkedAt).toLocaleString()}${proof.checkedByUpn ? ` by ${proof.checkedByUpn}` : ""}: `
                )}
                <strong data-testid="proof-headline">{proof.headline}</strong>
              </Typography>
              {proof.error ? <Alert severity="warning">{proof.error}</Alert> : null}
              {proof.result.scenarios.map((s) => (
                <Accordion key={s.key} disableGutters variant="outlined" data-testid="proof-scenario" data-verdict={s.verdict.kind}>
                  <AccordionSummary aria-controls={`proof-${s.key}`} id={`proof-${s.key}-summary`}>
                    <Stack direction="row" spacing={1} sx={{ alignItems: "center", flexWrap: "wrap" }}>
                      <Typography>{s.name}</Typography>
                      <Chip size="small" color={VERDICT_COLOR[s.verdict.kind]} label={s.verdict.words} data-testid="verdict" />
                    </Stack>
                  </AccordionSummary>
                  <AccordionDetails id={`proof-${s.key}`}>
                    {/* On a phone the four columns scroll inside their own box rather than widening the page. */}
                    <SimpleTable label={`Policies for ${s.name}`} columns={["Policy", "Applies", "Why", "Asks"]}>
                      {s.evaluations.map((e) => (
                        <TableRow key={e.policyId}>
                          <TableCell>{e.displayName || e.policyId}</TableCell>
                          <TableCell>{e.policyApplies ? "applies" : "does not apply"}</TableCell>
                          <TableCell>
                            {e.why}{" "}
                            <Typography component="span" variant="caption" color="text.secondary">
                              ({e.analysisReasons})
                            </Typography>
                          </TableCell>
                          <TableCell>{e.policyApplies ? e.grant.reason : ""}</TableCell>
                        </TableRow>
                      ))}
                    </SimpleTable>
                  </AccordionDetails>
                </Accordion>
              ))}
              {labels.length > 0 ? (
                <SimpleTable label="What each policy does to the MSP" columns={["Policy", "For the MSP", "Because"]}>
                  {labels.map((l) => (
                    <TableRow key={l.policyId} data-testid="policy-label" data-label={l.kind}>
                      <TableCell>{l.displayName || l.policyId}</TableCell>
                      <TableCell>
                        <Chip size="small" variant="outlined" color={LABEL_COLOR[l.kind]} label={l.words} />
                      </TableCell>
                      <TableCell>{l.reasons.join("; ")}</TableCell>
                    </TableRow>
                  ))}
                </SimpleTable>
              ) : null}
            </>
          )}
        </Stack>
      </CardContent>
    </Card>
  );
}
