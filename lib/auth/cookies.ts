// Cookie attributes for everything the portal sets. `__Host-` requires Secure and Path=/ and no
// Domain, which pins the cookie to this exact origin; browsers accept Secure on http://localhost
// and 127.0.0.1 (they count as secure origins), so the demo works without TLS.
export const hostCookie = { httpOnly: true, secure: true, sameSite: "lax" as const, path: "/" };

/** A one-time message for the sign-in page (never reflected from the URL). */
export const FLASH_COOKIE = "__Host-msp_flash";
