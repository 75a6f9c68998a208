/** Helpers of the ring report: a pitch estimate and a two-component PCA. */

/** The fundamental of `x` by autocorrelation (60–1100 Hz), on its middle 4096 samples. */
export function pitchHz(x: Float32Array, sampleRate: number): number {
  const n = 4096;
  const at = Math.max(0, Math.floor(x.length / 2 - n / 2));
  const w = x.subarray(at, at + n);
  let best = { lag: 0, r: -Infinity };
  for (let lag = Math.floor(sampleRate / 1100); lag <= Math.ceil(sampleRate / 60); lag++) {
    let r = 0;
    for (let i = 0; i + lag < w.length; i++) r += w[i]! * w[i + lag]!;
    r /= w.length - lag;
    if (r > best.r * 1.0001) best = { lag, r };
  }
  return sampleRate / best.lag;
}

/** Two principal directions of the rows of `x` (n × d), by power iteration with deflation. */
export function pca2(rows: Float64Array[], d: number): (v: Float64Array) => [number, number] {
  const mean = new Float64Array(d);
  for (const r of rows) for (let k = 0; k < d; k++) mean[k]! += r[k]! / rows.length;
  const dirs: Float64Array[] = [];
  for (let c = 0; c < 2; c++) {
    let v = Float64Array.from({ length: d }, (_, k) => 1 + ((k * 7919) % 13) / 13);
    for (let it = 0; it < 200; it++) {
      const nv = new Float64Array(d);
      for (const r of rows) {
        let dot = 0;
        for (let k = 0; k < d; k++) dot += (r[k]! - mean[k]!) * v[k]!;
        for (let k = 0; k < d; k++) nv[k]! += dot * (r[k]! - mean[k]!);
      }
      for (const p of dirs) {
        let dot = 0;
        for (let k = 0; k < d; k++) dot += nv[k]! * p[k]!;
        for (let k = 0; k < d; k++) nv[k]! -= dot * p[k]!;
      }
      const norm = Math.hypot(...nv);
      v = nv.map((x) => x / norm);
    }
    dirs.push(v);
  }
  return (r) =>
    [0, 1].map((c) => {
      let dot = 0;
      for (let k = 0; k < d; k++) dot += (r[k]! - mean[k]!) * dirs[c]![k]!;
      return dot;
    }) as [number, number];
}
