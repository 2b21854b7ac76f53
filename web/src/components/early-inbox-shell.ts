/**
 * Removes the inbox that src/early-inbox.ts drew before the app started, which shows the app
 * (index.html hides it while that inbox is there). Idempotent: the inbox page calls it once its own
 * rows are ready, main.tsx a little later whatever the app shows.
 */
export function dismissEarlyInbox(): void {
  document.getElementById('early-inbox')?.remove();
}
