/**
 * Small dense matrices, row-major `Float64Array`s of n × n. Hand-written for tests and the
 * explicit rotation construction; nothing here runs per frame.
 */

export function identity(n: number): Float64Array {
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) m[i * n + i] = 1;
  return m;
}

/** A B for n × n matrices. */
export function matMul(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      const aik = a[i * n + k]!;
      if (aik === 0) continue;
      for (let j = 0; j < n; j++) out[i * n + j] = out[i * n + j]! + aik * b[k * n + j]!;
    }
  }
  return out;
}

export function transpose(a: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[j * n + i] = a[i * n + j]!;
  return out;
}

/** Row vector times matrix: x M. */
export function rowTimesMatrix(x: ArrayLike<number>, m: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const xi = x[i]!;
    for (let j = 0; j < n; j++) out[j] = out[j]! + xi * m[i * n + j]!;
  }
  return out;
}

/** Determinant by LU decomposition with partial pivoting. */
export function determinant(a: Float64Array, n: number): number {
  const lu = Float64Array.from(a);
  let det = 1;
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) {
      if (Math.abs(lu[r * n + c]!) > Math.abs(lu[pivot * n + c]!)) pivot = r;
    }
    const p = lu[pivot * n + c]!;
    if (p === 0) return 0;
    if (pivot !== c) {
      for (let j = 0; j < n; j++) {
        const t = lu[c * n + j]!;
        lu[c * n + j] = lu[pivot * n + j]!;
        lu[pivot * n + j] = t;
      }
      det = -det;
    }
    det *= p;
    for (let r = c + 1; r < n; r++) {
      const f = lu[r * n + c]! / p;
      for (let j = c; j < n; j++) lu[r * n + j] = lu[r * n + j]! - f * lu[c * n + j]!;
    }
  }
  return det;
}

/** Largest absolute entry-wise difference. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}
