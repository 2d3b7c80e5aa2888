// Portal users as admins manage them (the Users page): the rows and the changes.
export { listPortalUsers, type PortalSessionRow, type PortalUserRow } from "./list";
export { endUserSessions, setUserDisabled, type UserAdminActor } from "./admin";
