// The outcome of a dedicated-policy write in words, with where to read its history. A refusal for
// security defaults gets its own heading: the fix is in the tenant's settings, not in the portal.
import Alert from "@mui/material/Alert";
import AlertTitle from "@mui/material/AlertTitle";
import Link from "@mui/material/Link";

export interface WriteResultView {
  outcome: string;
  message: string;
  runId?: string;
  note?: string | null;
  failure?: { problem: string; message: string };
}

const SEVERITY: Record<string, "success" | "info" | "warning" | "error"> = {
  created: "success",
  repaired: "success",
  enforced: "success",
  exists: "info",
  "no-drift": "info",
  "already-enforced": "info",
  failed: "error",
};

export function WriteResult({ result }: { result: WriteResultView }) {
  const severity = result.failure?.problem === "uncertain" ? "warning" : (SEVERITY[result.outcome] ?? "info");
  return (
    <Alert severity={severity} role="status" data-testid="dedicated-result" data-outcome={result.outcome} data-problem={result.failure?.problem ?? ""}>
      {result.failure?.problem === "security-defaults" ? <AlertTitle>Security defaults are on</AlertTitle> : null}
      {result.message}
      {result.runId ? (
        <>
          {" "}
          <Link href={`/history?run=${result.runId}`}>See it in the history</Link>
        </>
      ) : null}
    </Alert>
  );
}
