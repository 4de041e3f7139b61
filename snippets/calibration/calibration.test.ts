import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { expectClose, runChecked, snippetSuite } from '../_test/harness';
import * as cal from './calibration';

snippetSuite(import.meta.url, cal, ({ tol, input, expected, mainOutput }) => {
  it('binIndex puts p̂ in ((m−1)/M, m/M] like torch.bucketize(right=False)', async () => {
    const conf = tf.tensor1d(input<number[]>('conf'));
    const { values } = await runChecked(() => cal.binIndex(conf, 10));
    expectClose(values, expected('bin_index'), tol, 'bin_index');
    conf.dispose();
  });

  it('reliabilityBins, ECE and MCE match the reference for M = 10 and M = 5', async () => {
    const conf = tf.tensor1d(input<number[]>('conf'));
    const correct = tf.tensor1d(input<number[]>('correct'));
    for (const [m, s] of [
      [10, ''],
      [5, '_5'],
    ] as const) {
      const bins = await cal.reliabilityBins(conf, correct, m);
      expectClose(bins.count, expected(`count${s}`), tol, `count${s}`);
      expectClose(bins.accuracy, expected(`accuracy${s}`), tol, `accuracy${s}`);
      expectClose(bins.confidence, expected(`confidence${s}`), tol, `confidence${s}`);
      const { ece, mce } = cal.calibrationErrors(bins);
      expectClose(ece, expected(`ece${s}`), tol, `ece${s}`);
      expectClose(mce, expected(`mce${s}`), tol, `mce${s}`);
    }
    const { values } = await runChecked(() => cal.brierScore(conf, correct));
    expectClose(values, expected('brier'), tol, 'brier');
    tf.dispose([conf, correct]);
  });

  it('temperatureScale matches softmax(z/T) and F.cross_entropy at T = 2', async () => {
    const logits = tf.tensor2d(cal.LOGITS);
    const labels = tf.tensor1d(cal.LABELS, 'int32');
    const { confidence, correct, nll } = cal.temperatureScale(logits, labels, 2);
    expectClose(await confidence.array(), expected('t2_confidence'), tol, 't2_confidence');
    expectClose(await correct.array(), expected('t2_correct'), tol, 't2_correct');
    expectClose(await nll.array(), expected('t2_nll'), tol, 't2_nll');
    tf.dispose([logits, labels, confidence, correct, nll]);
  });

  it('main() prints the metrics for each temperature', async () => {
    const printed = (await mainOutput()).printed.join('\n');
    expect(printed).toContain('T = 1：准确率 0.450，平均置信度 0.797，ECE 0.3465，MCE 0.4757，Brier 0.3468');
    expect(printed).toContain('T = 3：准确率 0.450，平均置信度 0.458，ECE 0.0560');
  });
});
