// Four-eyes in the e2e stack: runs over more than 5 tenants and every change to the partner tenant
// wait for a second admin (the default settings). The local cloud's second admin approves here, in
// a browser context of its own, on the run's page, as a colleague the requester sent the link to.
import { expect, type Browser } from "@playwright/test";
import { signIn } from "./local-cloud";

/** The local cloud's second Portal.Admin (emulator/fleet/partner.ts). */
export const SECOND_ADMIN = "Morgan Admin";

export async function approveAsSecondAdmin(browser: Browser, runId: string, note = ""): Promise<void> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await signIn(page, SECOND_ADMIN, `/runs/${runId}`);
    await expect(page).toHaveURL(new RegExp(`/runs/${runId}$`));
    const panel = page.getByTestId("approval-panel");
    await expect(panel).toContainText("Waiting for a second person's approval", { timeout: 30_000 });
    if (note) await panel.getByLabel("Note (optional)").fill(note);
    await panel.getByRole("button", { name: "Approve and run" }).click();
    // The run page re-reads the run after the approval; a loaded machine may take more than the default 5 s.
    await expect(page.getByTestId("approval-decision")).toContainText(`Approved by`, { timeout: 30_000 });
  } finally {
    await context.close();
  }
}
