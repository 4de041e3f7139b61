/**
 * tfjs for the worker: tfjs-core with the chained ops (`x.sub(y)`), and each backend loaded only
 * when a run asks for it, each from its own chunk. 自动 tries WebGPU (only when the browser hands
 * out a hardware adapter), then WebGL, WASM, CPU; an explicitly chosen backend that fails falls back along
 * the same order, and the reasons travel back to the reader.
 *
 * The full @tensorflow/tfjs would add layers, converter and data (~100 KB gzip) that snippets
 * never use; tfjs-core exposes the same ops and Tensor class.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
// Gradients too (tf.grad, tf.variableGrads): snippets on training dynamics need them, as in @tensorflow/tfjs.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
// Served from this site (no CDN): Vite copies the .wasm files into the build and gives their URLs.
import wasmPlainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { AUTO_ORDER, BACKEND_LABELS, type BackendChoice, type BackendName } from '../shared/config';
import type { BackendFallback } from '../shared/protocol';

export { tf };

/** Minimal WebGPU surface we touch; lib.dom may not carry the WebGPU types. */
interface AdapterLike {
  /** Chrome 114+ (GPUAdapterInfo.isFallbackAdapter). */
  info?: { isFallbackAdapter?: boolean };
  /** The older, deprecated place for the same flag. */
  isFallbackAdapter?: boolean;
}
interface GpuLike {
  requestAdapter(): Promise<AdapterLike | null>;
}

/**
 * Whether the browser's WebGPU adapter is a software one (SwiftShader and the like): tfjs runs on
 * it, but slower than on WebGL or even WASM, so 自动 passes it by. Asked once per worker.
 */
let fallbackAdapter: Promise<boolean> | null = null;
export function isFallbackAdapter(
  gpu: GpuLike | undefined = (navigator as Navigator & { gpu?: GpuLike }).gpu,
): Promise<boolean> {
  fallbackAdapter ??= (async () => {
    try {
      const adapter = await gpu?.requestAdapter();
      return Boolean(adapter && (adapter.info?.isFallbackAdapter ?? adapter.isFallbackAdapter));
    } catch {
      return false; // precheck reports the error when WebGPU is tried
    }
  })();
  return fallbackAdapter;
}

/** Why 自动 passes a software WebGPU adapter by (shown to the reader). */
export const FALLBACK_ADAPTER_REASON = '浏览器只提供软件模拟的 WebGPU 适配器（isFallbackAdapter），比 WebGL 慢';

/** Why a backend cannot run here, or null when it can be tried. */
async function precheck(name: BackendName): Promise<string | null> {
  switch (name) {
    case 'webgpu': {
      const gpu = (navigator as Navigator & { gpu?: GpuLike }).gpu;
      if (!gpu) return '这个浏览器没有 WebGPU（navigator.gpu 不存在）';
      try {
        if (!(await gpu.requestAdapter())) return 'navigator.gpu.requestAdapter() 没有返回适配器';
      } catch (e) {
        return `requestAdapter() 出错：${e instanceof Error ? e.message : String(e)}`;
      }
      return null;
    }
    case 'webgl':
      if (typeof OffscreenCanvas === 'undefined') return '运行器的后台线程里没有 OffscreenCanvas，WebGL 用不了';
      return null;
    case 'wasm':
      return typeof WebAssembly === 'object' ? null : '这个浏览器没有 WebAssembly';
    case 'cpu':
      return null;
  }
}

/** Imports a backend package; the import registers it with tfjs-core. */
async function load(name: BackendName): Promise<void> {
  switch (name) {
    case 'webgpu':
      await import('@tensorflow/tfjs-backend-webgpu');
      return;
    case 'webgl':
      await import('@tensorflow/tfjs-backend-webgl');
      return;
    case 'wasm': {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      // Keys are the file names tfjs asks for; without threads (no cross-origin isolation) it
      // picks the SIMD build, and only that file is fetched.
      wasm.setWasmPaths({
        'tfjs-backend-wasm.wasm': wasmPlainUrl,
        'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
        'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedUrl,
      });
      return;
    }
    case 'cpu':
      await import('@tensorflow/tfjs-backend-cpu');
      return;
  }
}

/** Backends that failed in this worker, with the reason, so later runs skip them at once. */
const broken = new Map<BackendName, string>();
const loading = new Map<BackendName, Promise<void>>();

/** Loads (once) and switches to `name`; resolves with a reason when it cannot be used. */
async function tryBackend(name: BackendName): Promise<string | null> {
  const known = broken.get(name);
  if (known) return known;
  if (tf.getBackend() === name && tf.findBackend(name)) return null;
  const reason = await precheck(name);
  if (reason) {
    broken.set(name, reason);
    return reason;
  }
  try {
    let pending = loading.get(name);
    if (!pending) {
      pending = load(name);
      loading.set(name, pending);
    }
    await pending;
    // setBackend resolves false (and tfjs logs why) when the backend fails to initialise.
    if (!(await tf.setBackend(name))) throw new Error('初始化失败');
    await tf.ready();
  } catch (e) {
    loading.delete(name);
    const why = `${BACKEND_LABELS[name]} 初始化失败：${e instanceof Error ? e.message : String(e)}`;
    broken.set(name, why);
    return why;
  }
  return null;
}

/** The backend a run ended up on, and what was tried before it. */
export interface Activated {
  backend: BackendName;
  fallbacks: BackendFallback[];
}

/** The order to try for a choice: the chosen backend first, then 自动's order. */
export function candidates(choice: BackendChoice): BackendName[] {
  return choice === 'auto' ? [...AUTO_ORDER] : [choice, ...AUTO_ORDER.filter((b) => b !== choice)];
}

/** Makes `choice` (or the first working fallback) tfjs's active backend. */
export async function activate(choice: BackendChoice): Promise<Activated> {
  const fallbacks: BackendFallback[] = [];
  for (const name of candidates(choice)) {
    // A software adapter is skipped by 自动 only; WebGPU chosen by name still runs on it.
    if (choice === 'auto' && name === 'webgpu' && (await isFallbackAdapter())) {
      fallbacks.push({ backend: name, reason: FALLBACK_ADAPTER_REASON });
      continue;
    }
    const reason = await tryBackend(name);
    if (reason === null) return { backend: name, fallbacks };
    fallbacks.push({ backend: name, reason });
  }
  throw new Error(`没有可用的后端：${fallbacks.map((f) => f.reason).join('；')}`);
}

/**
 * Calls `onLost(message)` if the active backend's GPU context goes away (WebGL context lost,
 * WebGPU device lost) or WebGPU reports an error nobody caught (e.g. out of memory). Once per
 * backend instance.
 */
export function watchGpu(onLost: (message: string, kind: 'context-lost' | 'memory') => void): void {
  const backend = tf.backend() as unknown as Record<string, unknown> & { __baguWatched?: boolean };
  if (backend.__baguWatched) return;
  backend.__baguWatched = true;
  const name = tf.getBackend();
  if (name === 'webgl') {
    const gl = (backend['gpgpu'] as { gl?: WebGLRenderingContext } | undefined)?.gl;
    const canvas = gl?.canvas as (OffscreenCanvas | HTMLCanvasElement) | undefined;
    canvas?.addEventListener('webglcontextlost', () => onLost('WebGL 上下文丢失（webglcontextlost）', 'context-lost'));
  } else if (name === 'webgpu') {
    type Device = EventTarget & { lost: Promise<{ reason?: string; message?: string }> };
    const device = backend['device'] as Device | undefined;
    void device?.lost.then((info) =>
      onLost(
        `WebGPU 设备丢失（${info.reason ?? 'unknown'}）${info.message ? `：${info.message}` : ''}`,
        'context-lost',
      ),
    );
    device?.addEventListener('uncapturederror', (ev) => {
      const error = (ev as Event & { error?: { message?: string; constructor?: { name?: string } } }).error;
      const oom = error?.constructor?.name === 'GPUOutOfMemoryError';
      onLost(`WebGPU ${oom ? '显存不足' : '错误'}：${error?.message ?? '未知错误'}`, oom ? 'memory' : 'context-lost');
    });
  }
}

/** Names tfjs-core does not have but the full @tensorflow/tfjs does, with what they belong to. */
const FULL_TFJS_ONLY: Record<string, string> = {
  layers: 'tfjs-layers',
  sequential: 'tfjs-layers',
  model: 'tfjs-layers',
  input: 'tfjs-layers',
  loadLayersModel: 'tfjs-layers',
  regularizers: 'tfjs-layers',
  constraints: 'tfjs-layers',
  initializers: 'tfjs-layers',
  metrics: 'tfjs-layers',
  callbacks: 'tfjs-layers',
  loadGraphModel: 'tfjs-converter',
  loadGraphModelSync: 'tfjs-converter',
  data: 'tfjs-data',
};

/** The runner's explanation when `name` belongs to the full @tensorflow/tfjs but not to what it loads; else null. */
export function missingFromRunner(name: string): string | null {
  const pkg = FULL_TFJS_ONLY[name];
  return pkg ? `tf.${name} 属于 ${pkg}，运行器只加载 tfjs-core 和所选后端；本站的代码片段只用张量运算。` : null;
}

/**
 * The object snippets get as `tf`: tfjs-core, with a clear error for the parts of the full
 * @tensorflow/tfjs that the runner does not load (instead of "cannot read properties of undefined").
 */
export function tfjsNamespace(): Record<string, unknown> {
  const target: Record<string, unknown> = { ...tf };
  return new Proxy(target, {
    get(t, prop, receiver) {
      const missing = typeof prop === 'string' && !(prop in t) ? missingFromRunner(prop) : null;
      if (missing) throw new Error(missing);
      return Reflect.get(t, prop, receiver);
    },
  });
}

/** What a synchronous read on WebGPU is refused with (shared/errors.ts words the rest). */
export const SYNC_READ_ON_WEBGPU =
  '在 WebGPU 后端上，后台线程里的 dataSync() / arraySync() / bufferSync() 读不到数据：它返回全 0，之后连 await data() 也只得到 0。请改用 await t.data() 或 await t.array()，或换到 WebGL / WASM / CPU 后端。';

type SyncRead = 'dataSync' | 'arraySync' | 'bufferSync';
const SYNC_READS: SyncRead[] = ['dataSync', 'arraySync', 'bufferSync'];
const originalReads = new Map<SyncRead, unknown>();

/**
 * Refuses synchronous tensor reads while WebGPU is active. In a worker, tfjs-webgpu 4.22 answers
 * dataSync() with zeros and leaves the tensor reading zeros for data() too (tried in Chromium), so
 * a reader's edit would print wrong numbers with no error. Other backends read synchronously fine.
 */
export function guardSyncReads(active: BackendName): void {
  const proto = tf.Tensor.prototype as unknown as Record<SyncRead, unknown>;
  for (const name of SYNC_READS) {
    if (!originalReads.has(name)) originalReads.set(name, proto[name]);
    proto[name] =
      active === 'webgpu'
        ? () => {
            throw new Error(SYNC_READ_ON_WEBGPU);
          }
        : originalReads.get(name);
  }
}
