"""The spectral front end shared with the TypeScript engine, Griffin-Lim, YIN, MR-STFT distance.

Front end (must match the engine exactly): periodic Hann window of `n_fft`, CAUSAL framing —
STFT frame f analyses samples [(f+1)*hop - n_fft, (f+1)*hop) with zeros before sample 0 —
unnormalised DFT (numpy.fft.rfft of the windowed frame), log-magnitude ln(|X| + logFloor).
A signal of N samples gives ceil(N / hop) frames.
"""
from __future__ import annotations

import numpy as np

SR = 44100
N_FFT = 1024
HOP = 256


def hann(n: int) -> np.ndarray:
    """Periodic Hann: 0.5 - 0.5 cos(2 pi k / n)."""
    return (0.5 - 0.5 * np.cos(2 * np.pi * np.arange(n) / n)).astype(np.float64)


def frame_signal(x: np.ndarray, n_fft: int, hop: int, n_frames: int | None = None) -> np.ndarray:
    """[F, n_fft] causal frames; frame f = x[(f+1)*hop - n_fft : (f+1)*hop], zeros outside x."""
    x = np.asarray(x, dtype=np.float64)
    if n_frames is None:
        n_frames = -(-len(x) // hop)
    pad_front = n_fft - hop
    total = pad_front + n_frames * hop
    buf = np.zeros(total)
    m = min(len(x), total - pad_front)
    buf[pad_front:pad_front + m] = x[:m]
    idx = np.arange(n_frames)[:, None] * hop + np.arange(n_fft)[None, :]
    return buf[idx]


def stft(x: np.ndarray, n_fft: int = N_FFT, hop: int = HOP, n_frames: int | None = None) -> np.ndarray:
    """Complex STFT [F, n_fft/2+1] with the causal framing above."""
    return np.fft.rfft(frame_signal(x, n_fft, hop, n_frames) * hann(n_fft)[None, :], axis=1)


def log_mag(x: np.ndarray, log_floor: float, n_frames: int | None = None) -> np.ndarray:
    """[F, 513] ln(|X| + logFloor)."""
    return np.log(np.abs(stft(x, N_FFT, HOP, n_frames)) + log_floor)


def mag_from_log(l: np.ndarray, log_floor: float) -> np.ndarray:
    return np.maximum(np.exp(l) - log_floor, 0.0)


def istft(X: np.ndarray, n_fft: int = N_FFT, hop: int = HOP, length: int | None = None) -> np.ndarray:
    """Inverse of the causal STFT: windowed overlap-add normalised by sum of w^2."""
    F = X.shape[0]
    w = hann(n_fft)
    frames = np.fft.irfft(X, n=n_fft, axis=1) * w[None, :]
    assert n_fft % hop == 0, "overlap-add assumes hop divides n_fft"
    r = n_fft // hop
    pad_front = n_fft - hop
    yb = np.zeros((F + r - 1, hop))
    wb = np.zeros((F + r - 1, hop))
    for k in range(r):  # frame f's k-th hop-block lands on output block f + k
        yb[k:k + F] += frames[:, k * hop:(k + 1) * hop]
        wb[k:k + F] += w[k * hop:(k + 1) * hop] ** 2
    y = yb.ravel()
    wsum = wb.ravel()
    y = y / np.maximum(wsum, 1e-8)
    y = y[pad_front:]
    if length is not None:
        y = y[:length] if len(y) >= length else np.pad(y, (0, length - len(y)))
    return y


def griffin_lim(mag: np.ndarray, n_iter: int = 100, length: int | None = None,
                init_phase: np.ndarray | None = None, momentum: float = 0.0) -> np.ndarray:
    """Classic Griffin-Lim (zero initial phase unless given) with the causal framing."""
    F = mag.shape[0]
    if length is None:
        length = F * HOP
    X = mag * (np.exp(1j * init_phase) if init_phase is not None else 1.0)
    prev = None
    for _ in range(n_iter):
        y = istft(X, length=length)
        S = stft(y, n_frames=F)
        if momentum and prev is not None:
            S2 = S + momentum * (S - prev)
        else:
            S2 = S
        prev = S
        X = mag * np.exp(1j * np.angle(S2))
    return istft(X, length=length)


def yin_f0(frame: np.ndarray, sr: int = SR, threshold: float = 0.15,
           fmin: float = 40.0, fmax: float = 2000.0) -> float:
    """YIN on one frame (e.g. 2048 samples): integration window W = len/2, lags up to
    min(floor(sr/fmin), len - W); cumulative-mean-normalised difference d'(tau); the first tau
    >= floor(sr/fmax) with d' < threshold, walked down to its local minimum; parabolic
    interpolation on d'; 0 when no dip under the threshold or f0 outside [fmin, fmax]."""
    x = np.asarray(frame, dtype=np.float64)
    W = len(x) // 2
    tau_max = min(int(sr // fmin), len(x) - W)
    tau_min = max(2, int(sr // fmax))
    d = np.zeros(tau_max + 1)
    for tau in range(1, tau_max + 1):
        diff = x[:W] - x[tau:tau + W]
        d[tau] = np.dot(diff, diff)
    cmnd = np.ones(tau_max + 1)
    cs = np.cumsum(d[1:])
    cmnd[1:] = d[1:] * np.arange(1, tau_max + 1) / np.maximum(cs, 1e-20)
    tau = tau_min
    while tau <= tau_max:
        if cmnd[tau] < threshold:
            while tau + 1 <= tau_max and cmnd[tau + 1] < cmnd[tau]:
                tau += 1
            break
        tau += 1
    else:
        return 0.0
    t = float(tau)
    if 1 <= tau < tau_max:
        a, b, c = cmnd[tau - 1], cmnd[tau], cmnd[tau + 1]
        den = a - 2 * b + c
        if abs(den) > 1e-12:
            t = tau + 0.5 * (a - c) / den
    f0 = sr / t
    return float(f0) if fmin <= f0 <= fmax else 0.0


def mr_stft_distance(ref: np.ndarray, est: np.ndarray, sizes=(512, 1024, 2048)) -> float:
    """Mean over FFT sizes (hop n/4, Hann) of spectral convergence + mean |log-mag difference|."""
    n = min(len(ref), len(est))
    ref, est = ref[:n], est[:n]
    total = 0.0
    for s in sizes:
        R = np.abs(stft(ref, s, s // 4))
        E = np.abs(stft(est, s, s // 4))
        sc = np.linalg.norm(R - E) / max(np.linalg.norm(R), 1e-12)
        lm = np.mean(np.abs(np.log(R + 1e-7) - np.log(E + 1e-7)))
        total += sc + lm
    return total / len(sizes)
