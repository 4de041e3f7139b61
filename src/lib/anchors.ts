/**
 * Stable anchors for errata boxes. An <Errata> cannot know its position among its siblings when it
 * renders, so its id is derived from its quote: the same on the page and in the /errata/ collection.
 */
export function errataAnchor(quote: string): string {
  // FNV-1a, 32-bit: short, stable, no dependency.
  let h = 0x811c9dc5;
  for (const ch of quote) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `errata-${h.toString(36)}`;
}
