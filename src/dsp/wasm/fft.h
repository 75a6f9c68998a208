/* Part of dsp.c (included there, one translation unit): the FFTs. */
/* ---- The FFTs of the STFT and its overlap-add inverse ---- */

/*
 * A radix-2 complex FFT of m points in place on interleaved (re, im) doubles, one complex value
 * per 128-bit lane pair, and the real FFT of n = 2m points around it (the even and odd samples
 * as one complex signal). Not fft.js's algorithm, so results differ from the JavaScript path's
 * in the last bits (about 1e-16 relative).
 *
 * tw: per k < m/2, four doubles: cos θ, cos θ, sin θ, −sin θ with θ = 2πk/m, so that
 * z · e^{−iθ} = z·(cos, cos) + swap(z)·(sin, −sin). rev: the bit reversal of m.
 */
static void cfft(double *z, int m, const double *tw, const int *rev) {
  for (int i = 0; i < m; i++) {
    int j = rev[i];
    if (j > i) {
      v128_t a = wasm_v128_load(z + 2 * i);
      wasm_v128_store(z + 2 * i, wasm_v128_load(z + 2 * j));
      wasm_v128_store(z + 2 * j, a);
    }
  }
  /* size 2: no twiddles */
  for (int a = 0; a < 2 * m; a += 4) {
    v128_t x = wasm_v128_load(z + a), y = wasm_v128_load(z + a + 2);
    wasm_v128_store(z + a, wasm_f64x2_add(x, y));
    wasm_v128_store(z + a + 2, wasm_f64x2_sub(x, y));
  }
  for (int size = 4; size <= m; size <<= 1) {
    int half = size >> 1, step = m / size;
    for (int k = 0; k < half; k++) {
      const double *w = tw + 4 * k * step;
      v128_t w1 = wasm_v128_load(w), w2 = wasm_v128_load(w + 2);
      for (int start = 0; start < m; start += size) {
        double *pa = z + 2 * (start + k), *pb = pa + 2 * half;
        v128_t b = wasm_v128_load(pb);
        v128_t t = wasm_f64x2_add(wasm_f64x2_mul(b, w1),
                                  wasm_f64x2_mul(wasm_i64x2_shuffle(b, b, 1, 0), w2));
        v128_t a = wasm_v128_load(pa);
        wasm_v128_store(pa, wasm_f64x2_add(a, t));
        wasm_v128_store(pb, wasm_f64x2_sub(a, t));
      }
    }
  }
}

/** The FFT's tables and scratch, laid out by dsp-kernel.ts. */
typedef struct {
  int n;
  const double *tw;     /* 4 · m/4 doubles, see cfft */
  const int *rev;       /* m */
  const double *cosN;   /* cos 2πk/n, k ≤ m */
  const double *sinN;   /* sin 2πk/n, k ≤ m */
  double *z;            /* n doubles: m complex values */
} Fft;

/**
 * StftAnalyzer.analyze: the windowed frame from the ring (oldest sample at w), its FFT, and
 * the magnitudes of bins 0 … n/2 into mags (float32).
 */
EXPORT("analyze")
void analyze(const Fft *f, const float *ring, int w, const float *window, float *mags) {
  int n = f->n, m = n / 2;
  double *z = f->z;
  int tail = n - w;
  for (int j = 0; j < tail; j++) z[j] = (double)ring[w + j] * (double)window[j];
  for (int j = tail; j < n; j++) z[j] = (double)ring[j - tail] * (double)window[j];
  cfft(z, m, f->tw, f->rev);
  /* X_k = E_k + e^{−2πik/n} O_k, E = (Z_k + conj Z_{m−k}) / 2, O = −i (Z_k − conj Z_{m−k}) / 2 */
  double z0r = z[0], z0i = z[1];
  mags[0] = (float)__builtin_sqrt((z0r + z0i) * (z0r + z0i));
  mags[m] = (float)__builtin_sqrt((z0r - z0i) * (z0r - z0i));
  for (int k = 1; k < m; k++) {
    double ar = z[2 * k], ai = z[2 * k + 1];
    double br = z[2 * (m - k)], bi = -z[2 * (m - k) + 1];
    double er = (ar + br) * 0.5, ei = (ai + bi) * 0.5;
    double dr = (ar - br) * 0.5, di = (ai - bi) * 0.5;
    /* O = −i·d = (di, −dr) */
    double or_ = di, oi = -dr;
    double c = f->cosN[k], s = f->sinN[k];
    /* e^{−iφ}·O = (c·or + s·oi, c·oi − s·or) */
    double re = er + (c * or_ + s * oi), im = ei + (c * oi - s * or_);
    mags[k] = (float)__builtin_sqrt(re * re + im * im);
  }
}

/** OverlapAdd's state, laid out by dsp-kernel.ts. */
typedef struct {
  int hop;
  const double *window;  /* n (the Hann window's float32 values) */
  const double *inverseNorm; /* hop */
  double *acc;           /* n */
  float *out;            /* hop */
} Ola;

/**
 * OverlapAdd.addFrame: the inverse real FFT of bins 0 … n/2 (re, im; the imaginary parts of
 * DC and Nyquist ignored), windowed and added into acc; the hop samples it completes into
 * o->out (0 before the signal starts: `first` is the first one's signal index).
 */
EXPORT("synthesize")
void synthesize(const Fft *f, const Ola *o, const double *re, const double *im, int first) {
  int n = f->n, m = n / 2, hop = o->hop;
  double *z = f->z;
  double scale = 1.0 / n;
  /* z_k = conj(E_k + i·O_k) / m, O_k = (X_k − conj X_{m−k}) / 2 · e^{2πik/n}; IFFT = conj FFT conj */
  for (int k = 0; k < m; k++) {
    double ar = re[k], ai = k == 0 ? 0 : im[k];
    double br = re[m - k], bi = k == 0 ? 0 : im[m - k];
    double sr = ar + br, si = ai - bi; /* 2·E */
    double dr = ar - br, di = ai + bi; /* 2·(X_k − conj X_{m−k}) */
    double c = f->cosN[k], s = f->sinN[k];
    double or_ = c * dr - s * di, oi = s * dr + c * di; /* 2·O */
    /* E + iO = (sr − oi, si + or) / 2; conj, and 1/m: the 1/2 and 1/m make 1/n */
    z[2 * k] = scale * (sr - oi);
    z[2 * k + 1] = -scale * (si + or_);
  }
  cfft(z, m, f->tw, f->rev);
  double *acc = o->acc;
  const double *window = o->window;
  /* x[2j] = Re, x[2j+1] = −Im */
  for (int j = 0; j < m; j++) {
    acc[2 * j] += z[2 * j] * window[2 * j];
    acc[2 * j + 1] += -z[2 * j + 1] * window[2 * j + 1];
  }
  for (int j = 0; j < hop; j++) o->out[j] = first + j < 0 ? 0.0f : (float)(acc[j] * o->inverseNorm[j]);
  for (int j = 0; j < n - hop; j++) acc[j] = acc[j + hop];
  for (int j = n - hop; j < n; j++) acc[j] = 0;
}
