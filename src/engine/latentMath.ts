/**
 * The latent operations' math, hand-written (DESIGN.md "Dependencies": the latent operations are
 * ours): vector helpers, the FiLMR rotation as two Householder reflections and its explicit
 * Aguilera–Pérez construction, codebook search, descriptor following, and the input checks the
 * nodes share. Each part lives in `latentMath/`; this module is the one to import.
 */
export {
  angleBetween,
  dot,
  norm,
  normalize,
  squaredDistance,
  type Vec,
} from "./latentMath/vectors";
export {
  applyRotation,
  filmrRotation,
  reflect,
  rotationInPlane,
  rotationMatrix,
  type PlaneRotation,
} from "./latentMath/householder";
export { aguileraPerezMatrix, orthonormalBasisFrom } from "./latentMath/aguileraPerez";
export {
  determinant,
  identity,
  matMul,
  maxAbsDiff,
  rowTimesMatrix,
  transpose,
} from "./latentMath/matrix";
export { entryDistances, nearestEntry } from "./latentMath/codebook";
export {
  DESCRIPTOR_UNITS,
  UNPITCHED_MISMATCH,
  descriptorMismatch,
  followDescriptor,
  type DescriptorPath,
} from "./latentMath/descriptorPath";
export {
  checkFinite,
  dimsOf,
  readLatent,
  readOperand,
  requireSameModel,
  weightedSum,
  type LatentOrVector,
  type Term,
} from "./latentMath/operands";
