// The median of the numbers in `xs` (other entries, such as null for a run that gave no figure, are
// left out): the middle one, or the mean of the middle two; null when there are none. The benches'
// one definition.
export function median(xs) {
  const s = xs.filter((x) => typeof x === 'number').sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? null : s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
