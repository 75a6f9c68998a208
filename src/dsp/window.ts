/**
 * Periodic Hann window of length `n`: `w[j] = 0.5 - 0.5 cos(2πj / n)`.
 *
 * "Periodic" (the DFT-even form, `scipy.signal.get_window("hann", n)` and
 * `torch.hann_window(n)`) rather than symmetric: its shifted copies overlap-add
 * to a constant at hops of n/2, n/4, …, which the STFT and its inverse rely on.
 */
export function hann(n: number): Float32Array {
  if (!Number.isInteger(n) || n < 1) {
    throw new RangeError(`hann: expected a positive integer length, got ${n}`);
  }
  const w = new Float32Array(n);
  for (let j = 0; j < n; j++) w[j] = 0.5 - 0.5 * Math.cos((2 * Math.PI * j) / n);
  return w;
}
