"use server";
// The Users page's actions (admins only, each after a fresh sign-in): disable or enable a portal
// user, end a user's sessions. The role is Entra's (read-only here). Defined in lib/users/actions.ts,
// which does the work and writes the audit rows.
import { action } from "@/lib/auth/request";
import { END_USER_SESSIONS, endUserSessionsBody, SET_USER_DISABLED, setUserDisabledBody } from "@/lib/users/actions";

export const setUserDisabledAction = action(SET_USER_DISABLED, setUserDisabledBody);

export const endUserSessionsAction = action(END_USER_SESSIONS, endUserSessionsBody);
