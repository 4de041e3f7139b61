import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { expectClose, snippetSuite } from '../_test/harness';
import * as memory from './memory';

snippetSuite(import.meta.url, memory, ({ tol, input, expected, mainOutput }) => {
  // [num_hidden_layers, hidden_size, num_attention_heads, num_key_value_heads, intermediate_size, vocab_size]
  const [nLayers, dModel, nHeads, nKvHeads, dFf, vocab] = input<number[]>('tiny');
  const tiny: memory.ModelConfig = {
    name: 'tiny',
    nLayers,
    dModel,
    nHeads,
    nKvHeads,
    headDim: dModel / nHeads,
    dFf,
    vocab,
  };

  it('paramCount equals the numel of torch modules (and the published totals)', () => {
    expect(memory.PRESETS.map(memory.paramCount)).toEqual(expected('param_counts'));
    expect(memory.paramCount(tiny)).toBe(expected('param_count_tiny'));
  });

  it('kvCacheBytes equals element_size() * nelement() of the cache tensors', () => {
    expect(memory.PRESETS.map((c) => memory.kvCacheBytes(c, 1))).toEqual(expected('kv_per_token_fp16'));
    expect(memory.kvCacheBytes(memory.LLAMA_7B, 1)).toBe(0.5 * 2 ** 20); // LLaMA-7B fp16：0.5 MiB / token
    expect(memory.kvCacheBytes(memory.LLAMA_7B, 4096, 32)).toBe(expected('kv_llama_7b_4096_b32'));
    expect(memory.kvCacheBytes(tiny, 10, 3, 4)).toBe(expected('kv_tiny_10_3_fp32'));
    const t = tf.zeros(memory.kvCacheShape(tiny, 10, 3));
    expect(t.size).toBe(expected('kv_tiny_numel'));
    t.dispose();
    expect(memory.mlaCacheBytes(61, 512, 64, 1)).toBe(expected('mla_per_token'));
  });

  it('zeroBytesPerGpu reproduces Figure 1 of the ZeRO paper (Ψ = 7.5B, N = 64)', () => {
    const gb = ([0, 1, 2, 3] as const).map((s) => memory.zeroBytesPerGpu(7.5e9, s, 64) / 1e9);
    expectClose(gb, expected('zero_fig1_gb'), tol, 'zero_fig1_gb');
    expect(gb.map((x) => Number(x.toFixed(1)))).toEqual([120, 31.4, 16.6, 1.9]);
    const psi = memory.paramCount(memory.LLAMA_7B);
    const llama = ([0, 1, 2, 3] as const).map((s) => memory.zeroBytesPerGpu(psi, s, 8));
    expectClose(llama, expected('zero_llama7b_8gpu'), tol, 'zero_llama7b_8gpu');
  });

  it('activationBytes equals the bytes autograd saves in a tiny GPT block (with and without FlashAttention)', () => {
    const [s, b, h, a] = input<number[]>('tiny_block');
    const measured = [memory.activationBytes(s, b, h, a, 1), memory.activationBytes(s, b, h, a, 1, 'none', true)];
    expectClose(measured, expected<number[]>('activations_tiny_block'), tol, 'activations_tiny_block');
    expectClose([memory.activationBytes(2048, 1, 4096, 32, 32)], [expected<number>('activations_7b_2048')], tol, 'act');
    expect(memory.activationBytes(2048, 1, 4096, 32, 32, 'full')).toBe(expected('activations_7b_2048_full'));
    expect(memory.activationBytes(2048, 1, 4096, 32, 32, 'none', true)).toBe(expected('activations_7b_2048_flash'));
  });

  it('LoRA and QLoRA counts match the torch modules', () => {
    expect(memory.loraParamCount(memory.LLAMA_7B, 8)).toBe(expected('lora_r8_qv_llama7b'));
    expect(memory.loraParamCount(memory.LLAMA2_70B, 8)).toBe(expected('lora_r8_qv_llama2_70b'));
    expect(memory.loraParamCount(memory.LLAMA_7B, 64, memory.ALL_LINEAR)).toBe(expected('lora_r64_all_llama7b'));
    const ft = (['full', 'lora', 'qlora'] as const).map((m) => memory.finetuneStateBytes(memory.LLAMA_7B, m));
    expectClose(ft, expected('finetune_llama7b'), tol, 'finetune_llama7b');
  });

  it('main() prints the per-token cache and the ZeRO stages', async () => {
    const printed = (await mainOutput()).printed.join('\n');
    expect(printed).toContain('= 524288 字节（512 KiB）');
    expect(printed).toContain('= 327680 字节（320 KiB）');
    expect(printed).toContain('= 70272 字节');
    expect(printed).toContain('张量 3840 个元素 × 4 字节 = 15360，公式 15360');
    expect(printed).toContain('不切 100.4，ZeRO-1 34.5，ZeRO-2 23.5，ZeRO-3 12.6');
    expect(printed).toContain('不用 FlashAttention 28.5 GiB，用 FlashAttention 8.5 GiB');
    expect(printed).toContain('存下的激活 0.50 GiB，反传时再加重算出的一层 0.89 GiB');
    expect(printed).toContain('159907840 个可训练参数，模型状态 6.0 GiB');
    expect(printed).toContain('全参 100.4 GiB，LoRA 12.6 GiB，QLoRA 3.7 GiB');
    expect(printed).toContain('KV cache 64 GiB，是权重的 5.1 倍');
  });
});
