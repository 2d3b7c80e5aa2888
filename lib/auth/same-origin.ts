// Route handlers get no built-in CSRF protection (server actions do): every state-changing one
// accepts only requests whose Origin is the portal's own. A missing Origin is refused too.
export function fromPortal(request: Request, portalUrl: string): boolean {
  return request.headers.get("origin") === portalUrl;
}
