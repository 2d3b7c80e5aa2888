/** How many changes the history page loads at most (newest first); shared by server and browser. */
export const HISTORY_LIMIT = 1000;
