"use client";
// Starting a preview (the bulk wizard, Retry failed, Undo this run): call the server action, then
// open the preview it recorded. The button stays busy until the next page shows; a refusal is kept
// in words for the caller to show.
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { ActionResult } from "@/lib/auth/action-client";

export function useOpenPreview<I>(action: (input: I) => Promise<ActionResult<{ previewId: string }>>) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function start(input: I) {
    setBusy(true);
    setError(null);
    const result = await action(input);
    if (result.ok) {
      router.push(`/bulk/previews/${encodeURIComponent(result.data.previewId)}`);
      return;
    }
    setBusy(false);
    setError(result.error.message);
  }

  return { busy, error, start };
}
