/**
 * The explicit construction of the FiLMR rotation matrix by the Aguilera–Pérez algorithm
 * (A. Aguilera, R. Pérez-Aguila, "General n-Dimensional Rotations", WSCG 2004), as cited by
 * seed 001 for Algorithm 1. O(D³); used by tests to check the O(D) Householder form.
 *
 * The algorithm rotates about an (n−2)-dimensional "axis": a sequence of Givens rotations G
 * carries the axis onto the first n−2 coordinate axes, so the plane of rotation lands on the
 * last two; there it rotates by θ, and G⁻¹ = Gᵀ carries everything back: A = Gᵀ R(θ) G (column
 * convention). Here the axis is the orthogonal complement of span(u, v) and θ is twice the
 * signed angle from u to v, so u turns toward v.
 */
import { identity, matMul, transpose } from "./matrix";
import { dot, normalize, type Vec } from "./vectors";

/** The rotation matrix M in the row-vector convention (x M), D×D row-major, D ≥ 2. */
export function aguileraPerezMatrix(u: Vec, v: Vec): Float64Array {
  const n = u.length;
  if (n < 2 || v.length !== n) throw new Error("aguileraPerezMatrix: need two vectors of D ≥ 2");
  const basis = orthonormalBasisFrom(u, v);
  // axis[r][c] = component r of the c-th basis vector of the complement (n × (n − 2)).
  const cols = n - 2;
  const axis = new Float64Array(n * cols);
  for (let c = 0; c < cols; c++) {
    const b = basis[c + 2]!;
    for (let r = 0; r < n; r++) axis[r * cols + c] = b[r]!;
  }
  let g = identity(n);
  for (let c = 0; c < cols; c++) {
    for (let r = n - 1; r > c; r--) {
      const t = Math.atan2(axis[r * cols + c]!, axis[(r - 1) * cols + c]!);
      const givens = givensRotation(n, r - 1, r, t);
      applyRows(givens, axis, n, cols);
      g = matMul(givens, g, n);
    }
  }
  // u and v now live in the last two coordinates; measure the signed angle there.
  const ug = columnImage(g, normalize(u, "u"), n);
  const vg = columnImage(g, normalize(v, "v"), n);
  const a = n - 2;
  const b = n - 1;
  const phi = Math.atan2(ug[a]! * vg[b]! - ug[b]! * vg[a]!, ug[a]! * vg[a]! + ug[b]! * vg[b]!);
  const rot = givensRotation(n, a, b, -2 * phi);
  const columnConvention = matMul(transpose(g, n), matMul(rot, g, n), n);
  return transpose(columnConvention, n);
}

/**
 * The Givens matrix acting on coordinates (i, j) with G[j][j] = cos t, G[j][i] = −sin t,
 * G[i][j] = sin t, G[i][i] = cos t: applied to x it sets x_j to 0 when tan t = x_j / x_i.
 * With t = −θ it turns e_i toward e_j by θ.
 */
function givensRotation(n: number, i: number, j: number, t: number): Float64Array {
  const m = identity(n);
  const c = Math.cos(t);
  const s = Math.sin(t);
  m[i * n + i] = c;
  m[j * n + j] = c;
  m[i * n + j] = s;
  m[j * n + i] = -s;
  return m;
}

/** axis ← G axis, for an n × cols matrix. */
function applyRows(g: Float64Array, axis: Float64Array, n: number, cols: number): void {
  const copy = Float64Array.from(axis);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < cols; c++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += g[r * n + k]! * copy[k * cols + c]!;
      axis[r * cols + c] = s;
    }
  }
}

/** G x for a column vector x. */
function columnImage(g: Float64Array, x: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    let s = 0;
    for (let k = 0; k < n; k++) s += g[r * n + k]! * x[k]!;
    out[r] = s;
  }
  return out;
}

/**
 * An orthonormal basis of R^n whose first two vectors span the plane of u and v, completed with
 * the standard basis vectors by Gram–Schmidt (each orthogonalised twice for accuracy).
 */
export function orthonormalBasisFrom(u: Vec, v: Vec): Float64Array[] {
  const n = u.length;
  const basis: Float64Array[] = [];
  const tryAdd = (x: Float64Array): void => {
    for (let pass = 0; pass < 2; pass++) {
      for (const b of basis) {
        const k = dot(b, x);
        for (let i = 0; i < n; i++) x[i] = x[i]! - k * b[i]!;
      }
    }
    const len = Math.sqrt(dot(x, x));
    if (len > 1e-6) basis.push(x.map((xi) => xi / len));
  };
  tryAdd(Float64Array.from(u));
  tryAdd(Float64Array.from(v));
  if (basis.length < 2) throw new Error("u and v are parallel; they must span a plane");
  for (let k = 0; k < n && basis.length < n; k++) {
    const e = new Float64Array(n);
    e[k] = 1;
    tryAdd(e);
  }
  return basis;
}
