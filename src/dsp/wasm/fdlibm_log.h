/* Part of dsp.c (included there, one translation unit): the logarithm. */
/*
 * The natural logarithm as V8 computes Math.log: fdlibm's __ieee754_log (Sun Microsystems,
 * 1993: "Permission to use, copy, modify, and distribute this software is freely granted,
 * provided that this notice is preserved"), so that the log-magnitudes are JavaScript's bit
 * for bit.
 */
static const double ln2_hi = 6.93147180369123816490e-01, ln2_lo = 1.90821492927058770002e-10,
                    two54 = 1.80143985094819840000e+16, Lg1 = 6.666666666666735130e-01,
                    Lg2 = 3.999999999940941908e-01, Lg3 = 2.857142874366239149e-01,
                    Lg4 = 2.222219843214978396e-01, Lg5 = 1.818357216161805012e-01,
                    Lg6 = 1.531383769920937332e-01, Lg7 = 1.479819860511658591e-01;

typedef unsigned long long u64;

static double from_words(int hi, u32 lo) {
  u64 bits = ((u64)(u32)hi << 32) | lo;
  return __builtin_bit_cast(double, bits);
}

static double fdlibm_log(double x) {
  u64 bits = __builtin_bit_cast(u64, x);
  int hx = (int)(bits >> 32);
  u32 lx = (u32)bits;
  int k = 0;
  if (hx < 0x00100000) {
    if (((hx & 0x7fffffff) | lx) == 0) return -__builtin_inf();
    if (hx < 0) return __builtin_nan("");
    k -= 54;
    x *= two54;
    bits = __builtin_bit_cast(u64, x);
    hx = (int)(bits >> 32);
    lx = (u32)bits;
  }
  if (hx >= 0x7ff00000) return x + x;
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  int i = (hx + 0x95f64) & 0x100000;
  x = from_words(hx | (i ^ 0x3ff00000), lx);
  k += (i >> 20);
  double f = x - 1.0;
  double dk, R;
  if ((0x000fffff & (2 + hx)) < 3) {
    if (f == 0.0) {
      if (k == 0) return 0.0;
      dk = (double)k;
      return dk * ln2_hi + dk * ln2_lo;
    }
    R = f * f * (0.5 - 0.33333333333333333 * f);
    if (k == 0) return f - R;
    dk = (double)k;
    return dk * ln2_hi - ((R - dk * ln2_lo) - f);
  }
  double s = f / (2.0 + f);
  dk = (double)k;
  double z = s * s;
  i = hx - 0x6147a;
  double w = z * z;
  int j = 0x6b851 - hx;
  double t1 = w * (Lg2 + w * (Lg4 + w * Lg6));
  double t2 = z * (Lg1 + w * (Lg3 + w * (Lg5 + w * Lg7)));
  i |= j;
  R = t2 + t1;
  if (i > 0) {
    double hfsq = 0.5 * f * f;
    if (k == 0) return f - (hfsq - s * (hfsq + R));
    return dk * ln2_hi - ((hfsq - (s * (hfsq + R) + dk * ln2_lo)) - f);
  }
  if (k == 0) return f - s * (f - R);
  return dk * ln2_hi - ((s * (f - R) - dk * ln2_lo) - f);
}
