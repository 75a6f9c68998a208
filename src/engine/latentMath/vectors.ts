/**
 * Dense vector helpers for the latent operations. Hand-written: they are a few lines each and
 * run per frame on short vectors (tens to hundreds of dims), where a linear-algebra library would
 * cost more in conversions than it saves. Arithmetic is done in float64.
 *
 * Loops index typed arrays within bounds they establish themselves, hence the `!` assertions.
 */

/** Anything indexable as numbers: `Float32Array`, `Float64Array`, `number[]`. */
export type Vec = ArrayLike<number>;

/** u · v over the first `u.length` entries; the lengths must agree. */
export function dot(u: Vec, v: Vec): number {
  if (u.length !== v.length) {
    throw new Error(`dot: lengths differ (${u.length} and ${v.length})`);
  }
  let s = 0;
  for (let i = 0; i < u.length; i++) s += u[i]! * v[i]!;
  return s;
}

/** Euclidean length. */
export function norm(u: Vec): number {
  return Math.sqrt(dot(u, u));
}

/** u / |u| as a new float64 vector; throws when u has (numerically) zero length. */
export function normalize(u: Vec, what = "vector"): Float64Array {
  const n = norm(u);
  if (!(n > 1e-12) || !Number.isFinite(n)) {
    throw new Error(`${what} has length ${n}; a direction needs a finite, non-zero length`);
  }
  const out = new Float64Array(u.length);
  for (let i = 0; i < u.length; i++) out[i] = u[i]! / n;
  return out;
}

/** Squared Euclidean distance between `a[aOffset .. aOffset+dims)` and `b[bOffset .. )`. */
export function squaredDistance(a: Vec, aOffset: number, b: Vec, bOffset: number, dims: number) {
  let s = 0;
  for (let d = 0; d < dims; d++) {
    const diff = a[aOffset + d]! - b[bOffset + d]!;
    s += diff * diff;
  }
  return s;
}

/** The angle between u and v in radians, in [0, π]. */
export function angleBetween(u: Vec, v: Vec): number {
  const c = dot(u, v) / (norm(u) * norm(v));
  return Math.acos(Math.min(1, Math.max(-1, c)));
}
