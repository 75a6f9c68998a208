/* Part of dsp.c (included there, one translation unit): the exponential. */
/*
 * The exponential as V8 computes Math.exp: fdlibm's __ieee754_exp (Sun Microsystems, 2004: the
 * same notice as the logarithm's above).
 */
static const double o_threshold = 7.09782712893383973096e+02,
                    u_threshold = -7.45133219101941108420e+02,
                    invln2 = 1.44269504088896338700e+00, P1 = 1.66666666666666019037e-01,
                    P2 = -2.77777777770155933842e-03, P3 = 6.61375632143793436117e-05,
                    P4 = -1.65339022054652515390e-06, P5 = 4.13813679705723846039e-08,
                    twom1000 = 9.33263618503218878990e-302, huge = 1.0e+300;
static const double halF[2] = {0.5, -0.5};
static const double ln2HI[2] = {6.93147180369123816490e-01, -6.93147180369123816490e-01};
static const double ln2LO[2] = {1.90821492927058770002e-10, -1.90821492927058770002e-10};

static double fdlibm_exp(double x) {
  double y, hi = 0.0, lo = 0.0, c, t, twopk;
  int k = 0;
  u64 bits = __builtin_bit_cast(u64, x);
  u32 hx = (u32)(bits >> 32);
  int xsb = (hx >> 31) & 1;
  hx &= 0x7fffffff;
  if (hx >= 0x40862E42) {
    if (hx >= 0x7ff00000) {
      u32 lx = (u32)bits;
      if (((hx & 0xfffff) | lx) != 0) return x + x;
      return xsb == 0 ? x : 0.0;
    }
    if (x > o_threshold) return huge * huge;
    if (x < u_threshold) return twom1000 * twom1000;
  }
  if (hx > 0x3fd62e42) {
    if (hx < 0x3FF0A2B2) {
      hi = x - ln2HI[xsb];
      lo = ln2LO[xsb];
      k = 1 - xsb - xsb;
    } else {
      k = (int)(invln2 * x + halF[xsb]);
      t = k;
      hi = x - t * ln2HI[0];
      lo = t * ln2LO[0];
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) {
    if (huge + x > 1.0) return 1.0 + x;
  } else {
    k = 0;
  }
  t = x * x;
  if (k >= -1021)
    twopk = from_words(0x3ff00000 + (k << 20), 0);
  else
    twopk = from_words(0x3ff00000 + ((k + 1000) << 20), 0);
  c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k == 0) return 1.0 - ((x * c) / (c - 2.0) - x);
  y = 1.0 - ((lo - (x * c) / (2.0 - c)) - hi);
  if (k >= -1021) {
    if (k == 1024) return y * 2.0 * 0x1p1023;
    return y * twopk;
  }
  return y * twopk * twom1000;
}
