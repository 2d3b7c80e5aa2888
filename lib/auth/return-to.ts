/** Where to go after sign-in: only a path on this site (never `//host`, `/\host` or a URL). */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== "string" || value.length > 500) return "/";
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\") || /[\u0000-\u001f]/.test(value)) return "/";
  try {
    const url = new URL(value, "http://portal.invalid");
    return url.host === "portal.invalid" ? `${url.pathname}${url.search}` : "/";
  } catch {
    return "/";
  }
}
