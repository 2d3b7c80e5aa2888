// The alert formats: Teams' card stays under its 28 KB limit for a large digest; e-mail escapes names.
import { describe, expect, it } from "vitest";
import { alertMessage, type AlertTenant } from "./message";
import { emailContent, teamsBody } from "./render";

const tenant = (i: number, name = `Customer ${i}`): AlertTenant => ({
  tenantId: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
  tenantName: name,
  link: `https://portal.example/tenants/${i}`,
  events: [
    {
      eventId: `e${i}`,
      type: "exclusion-removed",
      label: "MSP exclusion removed",
      summary: `"Require MFA" no longer excludes the MSP's service providers`,
      policyId: "p",
      policyName: "Require MFA",
      properties: ["conditions.users.excludeGuestsOrExternalUsers"],
      detectedAt: "2026-12-06T10:00:00.000Z",
      actor: null,
      runId: null,
      diff: { removed: Array.from({ length: 30 }, (_, k) => `Users: line ${k} `.repeat(5)), added: [] },
    },
  ],
});

describe("alert formats", () => {
  it("a Teams digest of 200 tenants shows 15 and a count, as one Adaptive Card under 28 KB", () => {
    const body = teamsBody(
      alertMessage(
        "https://portal.example",
        Array.from({ length: 200 }, (_, i) => tenant(i)),
      ),
    );
    expect(Buffer.byteLength(body)).toBeLessThan(28 * 1024);
    const parsed = JSON.parse(body) as { type: string; attachments: { contentType: string; content: { type: string; body: { text?: string }[] } }[] };
    expect(parsed.type).toBe("message");
    expect(parsed.attachments[0]!.contentType).toBe("application/vnd.microsoft.card.adaptive");
    expect(parsed.attachments[0]!.content.type).toBe("AdaptiveCard");
    const texts = parsed.attachments[0]!.content.body.map((b) => b.text ?? "");
    expect(texts.filter((t) => /^Customer \d+$/.test(t))).toHaveLength(15);
    expect(texts).toContain("… and 185 more tenants: see the portal.");
  });

  it("names one tenant and its event in the subject, and escapes names in the e-mail's HTML", () => {
    const message = alertMessage("https://portal.example", [tenant(1, "Fabrikam <Test> & Co")]);
    expect(message.subject).toBe("Fabrikam <Test> & Co: MSP exclusion removed (Require MFA)");
    const mail = emailContent(message);
    expect(mail.html).toContain("Fabrikam &lt;Test&gt; &amp; Co");
    expect(mail.html).not.toContain("<Test>");
    expect(mail.text).toContain("- MSP exclusion removed:");
  });
});
