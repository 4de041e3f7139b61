/**
 * The site's base path in one form, `/` or `/sub/` (leading and trailing slash, none doubled), from
 * whatever a deployer writes in BASE_PATH (`sub`, `/sub`, `/sub/`, empty). Shared by the Astro config,
 * the page URLs (src/lib/urls.ts), the static server and the service worker build, which must agree.
 */
export const normaliseBase = (path: string | undefined): string =>
  `/${(path || '/').replace(/^\/+|\/+$/g, '')}/`.replace(/^\/\/$/, '/');
