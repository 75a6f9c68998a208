/**
 * The FiLMR rotation of OpLaS (seed 001, Algorithm 1) in its O(D) form: two Householder
 * reflections. Hand-written (see DESIGN.md "Dependencies": the latent operations are ours).
 *
 * For unit u, v the map x ↦ H_v(H_u x), with H_w x = x − 2(w·x)w, is a rotation in span(u, v)
 * by twice the angle between u and v, turning u toward v; it leaves the orthogonal complement of
 * span(u, v) unchanged. In the paper's row-vector convention, x ← x M, this map is x M with
 * M = (H_v H_u)ᵀ = H_u H_v (each H is symmetric); `rotationMatrix` returns that M.
 */
import { dot, normalize, type Vec } from "./vectors";

/** A simple rotation stored as the unit pair (u, v) of its two Householder reflections. */
export interface PlaneRotation {
  readonly u: Float64Array;
  readonly v: Float64Array;
}

/** out = x − 2(u·x)u for unit u; `out` may be `x`. */
export function reflect(u: Vec, x: Vec, out: Float64Array): Float64Array {
  const k = 2 * dot(u, x);
  for (let i = 0; i < u.length; i++) out[i] = x[i]! - k * u[i]!;
  return out;
}

/**
 * The FiLMR rotation from two raw vectors: normalises them and checks they span a plane.
 * Throws when either is zero or they are (anti)parallel (|sin ∠(u, v)| < 1e-6).
 */
export function filmrRotation(u: Vec, v: Vec): PlaneRotation {
  if (u.length !== v.length) {
    throw new Error(`u has ${u.length} numbers but v has ${v.length}; they must agree`);
  }
  const un = normalize(u, "u");
  const vn = normalize(v, "v");
  const c = dot(un, vn);
  if (1 - c * c < 1e-12) {
    throw new Error("u and v are parallel; they must span a plane (pick two different directions)");
  }
  return { u: un, v: vn };
}

/**
 * The rotation by `angle` radians in the plane of p and q, turning p toward q: the Householder
 * pair with u = p/|p| and v at angle/2 from u inside the plane. angle 0 gives the identity.
 */
export function rotationInPlane(p: Vec, q: Vec, angle: number): PlaneRotation {
  const u = normalize(p, "p");
  const w = Float64Array.from(q);
  removeComponent(u, w);
  const wn = normalize(w, "the part of q orthogonal to p");
  const c = Math.cos(angle / 2);
  const s = Math.sin(angle / 2);
  const v = new Float64Array(u.length);
  for (let i = 0; i < u.length; i++) v[i] = c * u[i]! + s * wn[i]!;
  return { u, v };
}

/** Removes from w (in place) its component along the unit vector u. */
function removeComponent(u: Float64Array, w: Float64Array): void {
  const k = dot(u, w);
  for (let i = 0; i < u.length; i++) w[i] = w[i]! - k * u[i]!;
}

/**
 * out = H_v(H_u x): x rotated. `x` is read at `xOffset`, so a frame of a frame-major latent can
 * be rotated without copying; `out` (length D) may not alias x.
 */
export function applyRotation(
  rot: PlaneRotation,
  x: Vec,
  out: Float64Array,
  xOffset = 0,
): Float64Array {
  const { u, v } = rot;
  const n = u.length;
  let ux = 0;
  for (let i = 0; i < n; i++) ux += u[i]! * x[xOffset + i]!;
  let vy = 0;
  for (let i = 0; i < n; i++) {
    const y = x[xOffset + i]! - 2 * ux * u[i]!;
    out[i] = y;
    vy += v[i]! * y;
  }
  for (let i = 0; i < n; i++) out[i] = out[i]! - 2 * vy * v[i]!;
  return out;
}

/**
 * The explicit D×D matrix M (row-major) of a rotation in the row-vector convention: row i is
 * the image of the basis vector e_i, so x M is x rotated. O(D²); for tests and inspection.
 */
export function rotationMatrix(rot: PlaneRotation): Float64Array {
  const n = rot.u.length;
  const m = new Float64Array(n * n);
  const e = new Float64Array(n);
  const row = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    e.fill(0);
    e[i] = 1;
    applyRotation(rot, e, row);
    m.set(row, i * n);
  }
  return m;
}
