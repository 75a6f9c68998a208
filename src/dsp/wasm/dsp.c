/*
 * The codec's per-frame DSP in C for WebAssembly (src/dsp/dsp-kernel.ts loads it):
 * - RTPGHI: the same steps as src/dsp/phase-integration.ts (sort, in-order and heap
 *   integration), phase-gradient.ts (gradients, random phases, wrap) and rtpghi.ts
 *   (polarToCartesian), operation for operation, with fdlibm's log as V8's Math.log, so that the
 *   phases are the JavaScript's bit for bit;
 * - the codec's element-wise log and exp, with fdlibm's functions: bit for bit too;
 * - the STFT's forward FFT and magnitudes, and the overlap-add's inverse FFT: a radix-2 FFT of
 *   its own (not fft.js's), so these agree with the JavaScript to float32 rounding.
 * tests/dsp/dspKernel.test.ts holds each to that. fdlibm's functions are in fdlibm_log.h and
 * fdlibm_exp.h, the FFTs in fft.h, all included here as one translation unit. Doubles
 * throughout, no fused multiply-add, no library: every array lives in the memory the caller
 * gives, at offsets it passes. Rebuild with
 * `npm run build:wasm` (scripts/buildWasm.mjs).
 */
#include <wasm_simd128.h>

typedef unsigned int u32;
typedef unsigned char u8;

#define EXPORT(name) __attribute__((export_name(name)))
#define PI 3.141592653589793
#define TWO_PI (2.0 * PI)

static double floor_(double x) { return __builtin_floor(x); }

/* ---- RadixOrder.descending ---- */

static void bucket_starts(int *counts, int passes) {
  for (int pass = 0; pass < passes; pass++) {
    int start = 0;
    for (int at = pass * 256 + 255; at >= pass * 256; at--) {
      int count = counts[at];
      counts[at] = start;
      start += count;
    }
  }
}

static int finish_runs(const u32 *codes, int *order, int n, int budget) {
  int moves = 0;
  for (int start = 0; start < n;) {
    u32 high = codes[order[start]] >> 16;
    int end = start + 1;
    while (end < n && (codes[order[end]] >> 16) == high) end++;
    for (int j = start + 1; j < end; j++) {
      int k = order[j];
      u32 c = codes[k];
      int p = j - 1;
      while (p >= start && codes[order[p]] < c) {
        order[p + 1] = order[p];
        p--;
      }
      order[p + 1] = k;
      moves += j - 1 - p;
      if (moves > budget) return 0;
    }
    start = end;
  }
  return 1;
}

static void all_bytes(const u32 *codes, int *order, int n, int *scratch, int *counts) {
  for (int i = 0; i < 1024; i++) counts[i] = 0;
  for (int i = 0; i < n; i++) {
    u32 c = codes[i];
    counts[c & 255]++;
    counts[256 + ((c >> 8) & 255)]++;
    counts[512 + ((c >> 16) & 255)]++;
    counts[768 + (c >> 24)]++;
  }
  bucket_starts(counts, 4);
  for (int i = 0; i < n; i++) scratch[counts[codes[i] & 255]++] = i;
  for (int i = 0; i < n; i++) {
    int k = scratch[i];
    order[counts[256 + ((codes[k] >> 8) & 255)]++] = k;
  }
  for (int i = 0; i < n; i++) {
    int k = order[i];
    scratch[counts[512 + ((codes[k] >> 16) & 255)]++] = k;
  }
  for (int i = 0; i < n; i++) {
    int k = scratch[i];
    order[counts[768 + (codes[k] >> 24)]++] = k;
  }
}

static void descending(const u32 *codes, int *order, int n, int *scratch, int *counts) {
  for (int i = 0; i < 512; i++) counts[i] = 0;
  for (int i = 0; i < n; i++) {
    u32 c = codes[i];
    counts[(c >> 16) & 255]++;
    counts[256 + (c >> 24)]++;
  }
  bucket_starts(counts, 2);
  for (int i = 0; i < n; i++) scratch[counts[(codes[i] >> 16) & 255]++] = i;
  for (int i = 0; i < n; i++) {
    int k = scratch[i];
    order[counts[256 + (codes[k] >> 24)]++] = k;
  }
  if (!finish_runs(codes, order, n, 2 * n)) all_bytes(codes, order, n, scratch, counts);
}

/* ---- RankQueue ---- */

static int lowest_bit(u32 x) { return __builtin_ctz(x); }

static void queue_add(u32 *words, u32 *summary, int rank) {
  int w = rank >> 5;
  words[w] |= 1u << (rank & 31);
  summary[w >> 5] |= 1u << (w & 31);
}

static int queue_peek(const u32 *words, const u32 *summary, int summaryWords) {
  for (int s = 0; s < summaryWords; s++) {
    u32 bits = summary[s];
    if (bits == 0) continue;
    int w = (s << 5) | lowest_bit(bits);
    return (w << 5) | lowest_bit(words[w]);
  }
  return -1;
}

static void queue_remove(u32 *words, u32 *summary, int rank) {
  int w = rank >> 5;
  u32 word = words[w] & ~(1u << (rank & 31));
  words[w] = word;
  if (word == 0) summary[w >> 5] &= ~(1u << (w & 31));
}

/* ---- PhaseIntegrator ---- */

/** The arrays and scalars of one frame's integration; laid out by dsp-kernel.ts (all offsets). */
typedef struct {
  int bins;
  /* inputs: the current magnitudes (float32) */
  const float *mag;
  /* the integrator's arrays */
  u32 *curCodes, *prevCodes;
  int *curOrder, *prevOrder, *curPos, *scratch, *counts;
  u8 *done;
  u32 *queueWords, *queueSummary;
  int summaryWords;
  /* MaxHeap's storage: 2 × bins items and keys */
  int *heapItems;
  double *heapKeys;
  /* the frames (PhaseFrames) */
  const double *log, *prevLog, *dt, *prevDt, *df;
  double *phase;
  const double *prevPhase;
} Frame;

/**
 * sortCurrent: codes, order, positions of the current frame; returns the tie's log-magnitude
 * through *tieLog (−∞ when none) and whether a magnitude is NaN.
 */
static int sort_current(const Frame *f, double floor, double logFloor, double *tieLog) {
  int m = f->bins;
  const u32 *bits = (const u32 *)f->mag;
  u32 *codes = f->curCodes;
  int *order = f->curOrder;
  int nan = 0;
  for (int k = 0; k < m; k++) {
    double x = f->mag[k];
    codes[k] = x > floor ? bits[k] : 0;
    if (x != x) nan = 1;
  }
  descending(codes, order, m, f->scratch, f->counts);
  for (int i = 0; i < m; i++) f->curPos[order[i]] = i;
  *tieLog = -__builtin_inf();
  for (int i = 0; i + 1 < m; i++) {
    int k = order[i];
    u32 code = codes[k];
    if (code == codes[order[i + 1]]) {
      *tieLog = code == 0 ? logFloor : f->log[k];
      break;
    }
  }
  return nan;
}

static int largest_left(const Frame *f) {
  const double *s = f->log;
  int best = -1;
  for (int k = 0; k < f->bins; k++) {
    if (!f->done[k] && (best < 0 || s[k] > s[best])) best = k;
  }
  return best;
}

/** PhaseIntegrator.start: marks the bins below the threshold done; returns how many are not. */
static int start(const Frame *f, double threshold) {
  int remaining = 0;
  for (int k = 0; k < f->bins; k++) {
    int below = f->log[k] < threshold;
    f->done[k] = below ? 1 : 0;
    if (!below) remaining++;
  }
  return remaining;
}

static int integrate_in_order(const Frame *f, double threshold) {
  int m = f->bins;
  u8 *done = f->done;
  const double *sp = f->prevLog, *dt = f->dt, *prevDt = f->prevDt, *df = f->df;
  double *phase = f->phase;
  const double *prevPhase = f->prevPhase;
  const int *curOrder = f->curOrder, *prevOrder = f->prevOrder, *curPos = f->curPos;
  const u32 *curCodes = f->curCodes, *prevCodes = f->prevCodes;
  u32 *words = f->queueWords, *summary = f->queueSummary;
  int remaining = start(f, threshold);
  for (int i = 0; i < (m + 31) >> 5; i++) words[i] = 0;
  for (int i = 0; i < f->summaryWords; i++) summary[i] = 0;
  int cursor = 0;
  while (remaining > 0) {
    int kp = -1;
    for (; cursor < m; cursor++) {
      int k = prevOrder[cursor];
      if (done[k] == 0 && sp[k] >= threshold) {
        kp = k;
        break;
      }
    }
    int pos = queue_peek(words, summary, f->summaryWords);
    int fromTime = -1;
    if (pos < 0) {
      if (kp < 0) fromTime = largest_left(f);
      else {
        fromTime = kp;
        cursor++;
      }
    } else if (kp >= 0) {
      u32 previousCode = prevCodes[kp];
      u32 currentCode = curCodes[curOrder[pos]];
      if (previousCode == currentCode) return 0;
      if (previousCode > currentCode) {
        fromTime = kp;
        cursor++;
      }
    }
    if (fromTime >= 0) {
      phase[fromTime] = prevPhase[fromTime] + (prevDt[fromTime] + dt[fromTime]) / 2;
      done[fromTime] = 1;
      remaining--;
      queue_add(words, summary, curPos[fromTime]);
      continue;
    }
    queue_remove(words, summary, pos);
    int k = curOrder[pos];
    double p = phase[k];
    double d = df[k];
    int lower = k - 1;
    if (lower >= 0 && done[lower] == 0) {
      phase[lower] = p - (d + df[lower]) / 2;
      done[lower] = 1;
      remaining--;
      queue_add(words, summary, curPos[lower]);
    }
    int upper = k + 1;
    if (upper < m && done[upper] == 0) {
      phase[upper] = p + (d + df[upper]) / 2;
      done[upper] = 1;
      remaining--;
      queue_add(words, summary, curPos[upper]);
    }
  }
  return 1;
}


/* ---- MaxHeap and the integration with it (PhaseIntegrator.integrateWithHeap) ---- */

typedef struct {
  int *items;
  double *keys;
  int count;
} Heap;

static void heap_push(Heap *h, int item, double key) {
  int *items = h->items;
  double *keys = h->keys;
  int i = h->count++;
  while (i > 0) {
    int parent = (i - 1) >> 1;
    double pk = keys[parent];
    if (pk >= key) break;
    items[i] = items[parent];
    keys[i] = pk;
    i = parent;
  }
  items[i] = item;
  keys[i] = key;
}

static int heap_pop(Heap *h) {
  if (h->count == 0) return -1;
  int *items = h->items;
  double *keys = h->keys;
  int top = items[0];
  int n = --h->count;
  double key = keys[n];
  int i = 0;
  for (int l = 1; l < n; l = 2 * i + 1) {
    int r = l + 1;
    int c = r < n && keys[r] > keys[l] ? r : l;
    items[i] = items[c];
    keys[i] = keys[c];
    i = c;
  }
  while (i > 0) {
    int parent = (i - 1) >> 1;
    double pk = keys[parent];
    if (pk > key) break;
    items[i] = items[parent];
    keys[i] = pk;
    i = parent;
  }
  items[i] = items[n];
  keys[i] = key;
  return top;
}

static void integrate_with_heap(const Frame *f, double threshold) {
  int m = f->bins;
  u8 *done = f->done;
  const double *s = f->log, *sp = f->prevLog, *dt = f->dt, *prevDt = f->prevDt, *df = f->df;
  double *phase = f->phase;
  const double *prevPhase = f->prevPhase;
  int remaining = start(f, threshold);
  Heap heap = {f->heapItems, f->heapKeys, 0};
  for (int k = 0; k < m; k++) {
    double v = sp[k];
    if (v >= threshold) heap_push(&heap, k + m, v);
  }
  while (remaining > 0) {
    int item = heap_pop(&heap);
    if (item < 0) item = largest_left(f) + m;
    if (item >= m) {
      int k = item - m;
      if (done[k]) continue;
      phase[k] = prevPhase[k] + (prevDt[k] + dt[k]) / 2;
      done[k] = 1;
      remaining--;
      heap_push(&heap, k, s[k]);
      continue;
    }
    double p = phase[item];
    double d = df[item];
    int lower = item - 1;
    if (lower >= 0 && !done[lower]) {
      phase[lower] = p - (d + df[lower]) / 2;
      done[lower] = 1;
      remaining--;
      heap_push(&heap, lower, s[lower]);
    }
    int upper = item + 1;
    if (upper < m && !done[upper]) {
      phase[upper] = p + (d + df[upper]) / 2;
      done[upper] = 1;
      remaining--;
      heap_push(&heap, upper, s[upper]);
    }
  }
}

/**
 * PhaseIntegrator.integrate: sorts the current frame (its tie log-magnitude to out[0]) and
 * integrates in order, or with the heap where a tie or NaN at or above the threshold needs it
 * (returns 1 then, else 0).
 */
EXPORT("integrate")
int integrate(const Frame *f, double threshold, double floor, double logFloor, double prevTieLog,
              double *out) {
  double tieLog;
  int nan = sort_current(f, floor, logFloor, &tieLog);
  out[0] = tieLog;
  if (!nan && tieLog < threshold && !(prevTieLog >= threshold) && integrate_in_order(f, threshold))
    return 0;
  integrate_with_heap(f, threshold);
  return 1;
}


/* ---- RtpghiPhase.gradients ---- */

#include "fdlibm_log.h"

/** Math.log, for the tests. */
EXPORT("log")
double js_log(double x) { return fdlibm_log(x); }

/**
 * The current log-magnitudes (s), time and frequency phase derivatives of the frame set in f;
 * returns the frame's largest log-magnitude. coef: tCoef, negFCoef, curvatureCoef,
 * clickCurvature, hop and the floor magnitude.
 */
EXPORT("gradients")
double gradients(const Frame *f, const double *binAdvance, const double *coef) {
  int m = f->bins;
  double *s = (double *)f->log;
  const double *sp = f->prevLog;
  double *dt = (double *)f->dt, *df = (double *)f->df;
  double tCoef = coef[0], negFCoef = coef[1], curvatureCoef = coef[2], clickCurvature = coef[3];
  double a = coef[4], floorMag = coef[5];
  double halfHop = a / 2;
  double frameMax = -__builtin_inf();
  for (int k = 0; k < m; k++) {
    double v = f->mag[k];
    /* Math.max(v, floor): NaN when v is */
    double x = v != v ? v : (v > floorMag ? v : floorMag);
    double l = fdlibm_log(x);
    s[k] = l;
    if (l > frameMax) frameMax = l;
  }
  double below = s[1 < m ? 1 : 0];
  double sk = s[0];
  for (int k = 0; k < m; k++) {
    double above = k == m - 1 ? below : s[k + 1];
    dt[k] = tCoef * ((above - below) / 2) + binAdvance[k];
    double curvature = clickCurvature - curvatureCoef * (above - 2 * sk + below);
    double dsdx = (sk - sp[k]) / a + halfHop * curvature;
    df[k] = negFCoef * dsdx - PI;
    below = sk;
    sk = above;
  }
  return frameMax;
}


/* ---- Math.exp and the element-wise maps of the codec ---- */

#include "fdlibm_exp.h"

/** Math.exp, for the tests. */
EXPORT("exp")
double js_exp(double x) { return fdlibm_exp(x); }

/** In place, x[i] = log(x[i] + floor) (float32 in and out): the encoder's log-magnitudes. */
EXPORT("logPlus")
void log_plus(float *x, int n, double floor) {
  for (int i = 0; i < n; i++) x[i] = (float)fdlibm_log((double)x[i] + floor);
}

/**
 * In place, x[i] = exp(x[i]) − floor, or 0 where that is not finite or not positive (float32
 * in and out): the decoder's magnitudes from its log-magnitudes.
 */
EXPORT("expMinus")
void exp_minus(float *x, int n, double floor) {
  for (int i = 0; i < n; i++) {
    double m = fdlibm_exp((double)x[i]) - floor;
    /* Number.isFinite(m) && m > 0 */
    x[i] = (m - m == 0 && m > 0) ? (float)m : 0.0f;
  }
}


#include "fft.h"

/* ---- RtpghiPhase ---- */



/** The random phases of the bins below the threshold (mulberry32); returns the new state. */
EXPORT("randomPhases")
u32 random_phases(int bins, const double *s, double threshold, double *phase, u32 state) {
  for (int k = 0; k < bins; k++) {
    if (s[k] < threshold) {
      state = state + 0x6d2b79f5u;
      u32 t = (state ^ (state >> 15)) * (state | 1u);
      t ^= t + (t ^ (t >> 7)) * (t | 61u);
      phase[k] = ((double)(t ^ (t >> 14)) / 4294967296.0) * TWO_PI - PI;
    }
  }
  return state;
}

/** JavaScript's Math.round: the nearest integer, halves toward +∞ (exact below 2^52). */
static double js_round(double x) {
  double r = floor_(x);
  if (x - r >= 0.5) r += 1.0;
  return r;
}

/** Wraps the phases into [−π, π]: p − 2π·round(p / 2π). */
EXPORT("wrap")
void wrap(int bins, double *phase) {
  for (int k = 0; k < bins; k++) {
    double p = phase[k];
    phase[k] = p - TWO_PI * js_round(p / TWO_PI);
  }
}

/* ---- polarToCartesian ---- */

EXPORT("polar")
void polar(int bins, const float *mag, const double *phase, double *re, double *im,
           const double *table, int tableSize, double radiansToTable) {
  int quarter = tableSize / 4;
  for (int k = 0; k < bins; k++) {
    double a = mag[k];
    if (a == 0) {
      re[k] = 0;
      im[k] = 0;
      continue;
    }
    double x = phase[k] * radiansToTable;
    if (x < 0) x += tableSize;
    if (!(x >= 0 && x < tableSize)) x -= tableSize * floor_(x / tableSize);
    int i = x == x ? (int)x : 0; /* JavaScript's NaN | 0 */
    double frac = x - i;
    double s0 = table[i];
    double c0 = table[i + quarter];
    re[k] = a * (c0 + frac * (table[i + quarter + 1] - c0));
    im[k] = a * (s0 + frac * (table[i + 1] - s0));
  }
}
