"use client";
// A change to the partner tenant in the one change dialog (components/fix/ChangeDialog.tsx): the
// exclusion of the service account, or the dedicated policy's create, repair and enforce, each
// previewed with the exact request before the person confirms it.
import Alert from "@mui/material/Alert";
import { useState } from "react";
import { previewPartnerChangeAction } from "@/app/partner/actions";
import { unwrap } from "@/components/data/fetch";
import { useInvalidatePartner } from "@/components/data/queries";
import { ChangeDialog } from "@/components/fix/ChangeDialog";
import type { PartnerAction } from "@/lib/partner";
import { ACCOUNT_OUTCOME } from "./outcome";

const WORDS: Record<PartnerAction, { title: string; nothing: string; confirm: string; intro: string }> = {
  "exclude-service-account": {
    title: "Exclude the service account from every policy",
    nothing: "Nothing to change: every policy already excludes the service account or cannot apply to it.",
    confirm: "Confirm",
    intro: "Each policy that could apply to the service account gets it added to its excluded users; nothing else in the policy changes.",
  },
  "create-service-account-policy": {
    title: "Create the dedicated policy",
    nothing: "Nothing to create: the dedicated policy exists already.",
    confirm: "Create it",
    intro: "The new policy governs only the service account. It is created report-only: it blocks nobody until it is enforced, a separate step.",
  },
  "repair-service-account-policy": {
    title: "Repair the dedicated policy",
    nothing: "Nothing to repair: the dedicated policy has the expected shape.",
    confirm: "Repair it",
    intro: "The repair restores the expected users, apps, grant and sign-in frequency and clears anything added since; its name and state stay as they are.",
  },
  "enforce-service-account-policy": {
    title: "Enforce the dedicated policy",
    nothing: "Nothing to enforce: the dedicated policy is already enforced.",
    confirm: "Enforce it",
    intro: "Enforcing switches the policy from report-only to on. Read who it applies to and what it requires below before you confirm.",
  },
};

export function PartnerChangeDialog({ action, onClose }: { action: PartnerAction; onClose: () => void }) {
  const invalidate = useInvalidatePartner();
  // Each retry is a new opening (a new preview): a counter is its key.
  const [opening, setOpening] = useState(0);
  const words = WORDS[action];
  return (
    <ChangeDialog
      key={opening}
      title={words.title}
      loadPreview={() => unwrap(previewPartnerChangeAction({ action }))}
      intro={<Alert severity={action === "enforce-service-account-policy" ? "warning" : "info"}>{words.intro}</Alert>}
      nothingText={words.nothing}
      outcomes={ACCOUNT_OUTCOME}
      confirmLabel={words.confirm}
      confirmColor={action === "enforce-service-account-policy" ? "warning" : "primary"}
      onEnded={() => void invalidate()}
      onRetry={() => setOpening((n) => n + 1)}
      onClose={onClose}
    />
  );
}
