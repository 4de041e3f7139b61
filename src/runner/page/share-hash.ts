/**
 * Recognising a share link in the address bar, without loading lz-string (share.ts decodes it):
 * the element checks the hash on every page load.
 */

/** The hash prefix that marks a share link. */
export const SHARE_PREFIX = '#share=';

/** The address bar holds a share link. */
export function isShareHash(hash = location.hash): boolean {
  return hash.startsWith(SHARE_PREFIX);
}

/** Drops a share hash from the address bar, so that a reload shows the reader's code, not the link's. */
export function leaveShare(): void {
  if (isShareHash()) history.replaceState(null, '', location.pathname + location.search);
}
