/**
 * Constants shared by the runner's build-time component and its browser modules. Kept free of
 * imports so the custom element can read them without pulling anything else in.
 */

/**
 * The tfjs version the snippets are tested against and the runner loads. A unit test checks it
 * against node_modules/@tensorflow/tfjs-core/package.json, so a dependency bump cannot leave the
 * badge claiming the wrong version.
 */
export const TFJS_VERSION = '4.22.0';

/** Default run time limit in milliseconds; a snippet running longer is stopped (worker terminated). */
export const DEFAULT_TIMEOUT_MS = 10_000;

/** Console lines one run may send to the page; the rest are counted, not sent (worker/outbox.ts). */
export const MAX_CONSOLE_LINES = 2000;

/** How a run may choose its tfjs backend. */
export const BACKEND_CHOICES = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];
/** A concrete tfjs backend; `auto` resolves to one of these. */
export type BackendName = Exclude<BackendChoice, 'auto'>;

/** The order 自动 tries backends in, fastest first; also the fallback order. */
export const AUTO_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/** Labels shown to readers. */
export const BACKEND_LABELS: Record<BackendChoice, string> = {
  auto: '自动',
  webgpu: 'WebGPU',
  webgl: 'WebGL',
  wasm: 'WASM',
  cpu: 'CPU',
};

/** Narrows an untrusted string (a share link, localStorage, a <select>) to a backend choice. */
export function isBackendChoice(value: unknown): value is BackendChoice {
  return typeof value === 'string' && (BACKEND_CHOICES as readonly string[]).includes(value);
}
