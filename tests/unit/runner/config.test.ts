import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { AUTO_ORDER, BACKEND_CHOICES, isBackendChoice, TFJS_VERSION } from '../../../src/runner/shared/config';
import { candidates, isFallbackAdapter } from '../../../src/runner/worker/backends';

describe('runner config', () => {
  it('claims the tfjs version that is installed and that the snippets import', () => {
    for (const pkg of [
      'tfjs',
      'tfjs-core',
      'tfjs-backend-webgpu',
      'tfjs-backend-webgl',
      'tfjs-backend-wasm',
      'tfjs-backend-cpu',
    ]) {
      const { version } = JSON.parse(readFileSync(`node_modules/@tensorflow/${pkg}/package.json`, 'utf8')) as {
        version: string;
      };
      expect(version, pkg).toBe(TFJS_VERSION);
    }
  });

  it('narrows backend choices', () => {
    expect(BACKEND_CHOICES.every(isBackendChoice)).toBe(true);
    expect(['gpu', '', null, 3].some(isBackendChoice)).toBe(false);
  });

  it('tries WebGPU, WebGL, WASM, CPU for 自动, and the chosen one first otherwise', () => {
    expect(candidates('auto')).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
    expect(candidates('wasm')).toEqual(['wasm', 'webgpu', 'webgl', 'cpu']);
    expect(candidates('cpu')[0]).toBe('cpu');
    expect(AUTO_ORDER).toHaveLength(4);
  });
});

describe('software WebGPU adapters', () => {
  it('reads isFallbackAdapter from adapter.info (and asks the browser once per worker)', async () => {
    let asked = 0;
    const gpu = { requestAdapter: async () => (asked++, { info: { isFallbackAdapter: true } }) };
    expect(await isFallbackAdapter(gpu)).toBe(true);
    expect(await isFallbackAdapter(gpu)).toBe(true);
    expect(asked).toBe(1);
  });
});
