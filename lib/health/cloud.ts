// Names the Microsoft cloud the configured base URLs belong to, for people reading the status page.
const KNOWN: Record<string, string> = {
  "https://login.microsoftonline.com": "Microsoft Entra ID (global)",
  "https://login.microsoftonline.us": "Microsoft Entra ID (US Government)",
  "https://login.partner.microsoftonline.cn": "Microsoft Entra ID (China, 21Vianet)",
};

export function describeCloud(authorityHost: string, graphBaseUrl: string): string {
  const known = KNOWN[authorityHost];
  if (known) return known;
  const host = new URL(authorityHost).hostname;
  if (["127.0.0.1", "localhost", "[::1]"].includes(host)) return `Local Microsoft cloud at ${authorityHost} (Graph ${graphBaseUrl})`;
  return `Custom cloud at ${authorityHost}`;
}
