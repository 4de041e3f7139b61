/** Names shared by the service worker's build (scripts/build-sw.mjs) and the page (src/scripts/offline.ts). */

/** The runtime cache of pages read online (network first). */
export const PAGES_CACHE = 'bagu-pages';
/** The runtime cache of hashed assets not precached (WebGL / WebGPU backends, other .wasm builds). */
export const ASSETS_CACHE = 'bagu-assets';
