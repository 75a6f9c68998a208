"""Fitting the PCA codec, the latent statistics, the k-means codebook and its descriptors.

Latent layout: latent frame j stacks STFT frames 4j..4j+3 frame-major (frame 4j's 513 bins,
then frame 4j+1's, ...) into x_j (2052 numbers);  z_j = (x_j - mu) @ V / s  where V holds the
32 strongest principal directions of x (unit columns) and s is one global scale chosen so that
the RMS of z over the training frames and all 32 dims is 1 (no per-dim whitening: Euclidean
distance in z is proportional to Euclidean distance in log-magnitude). Decode: x = mu + s z V^T.
"""
from __future__ import annotations

import numpy as np

import dsp

FPL = 4  # STFT frames per latent frame
BINS = dsp.N_FFT // 2 + 1


def stacked_frames(x: np.ndarray, log_floor: float) -> np.ndarray:
    """[J, 4*513] latent-frame rows of one signal (trailing partial latent frame dropped)."""
    L = dsp.log_mag(x, log_floor)
    J = L.shape[0] // FPL
    return L[: J * FPL].reshape(J, FPL * BINS)


class PCACodec:
    def __init__(self, mu: np.ndarray, V: np.ndarray, scale: float, eigvals: np.ndarray):
        self.mu, self.V, self.scale, self.eigvals = mu, V, scale, eigvals

    @property
    def enc_w(self) -> np.ndarray:  # [2052, D]
        return self.V / self.scale

    @property
    def dec_w(self) -> np.ndarray:  # [D, 2052]
        return (self.V * self.scale).T

    def encode_rows(self, X: np.ndarray) -> np.ndarray:
        return (X - self.mu) @ self.enc_w

    def decode_rows(self, Z: np.ndarray) -> np.ndarray:
        return Z @ self.dec_w + self.mu

    def decode_logmag(self, Z: np.ndarray) -> np.ndarray:
        """[J, D] latents -> [4J, 513] log-magnitude frames."""
        return self.decode_rows(Z).reshape(-1, BINS)


def fit_pca(X: np.ndarray, dims: int, seed: int = 0, oversample: int = 32, power_iters: int = 4) -> PCACodec:
    """PCA of the rows of X [N, 2052] by randomised subspace iteration (Halko et al.): exact
    enough for the top 32 directions and ~10x cheaper than the full covariance with the
    reference BLAS this machine's numpy uses."""
    rng = np.random.default_rng(seed)
    mu = X.mean(0)
    Xc = X - mu
    Q = rng.standard_normal((X.shape[1], dims + oversample))
    for _ in range(power_iters):
        Q, _ = np.linalg.qr(Xc.T @ (Xc @ Q))
    B = Xc @ Q  # [N, k]
    w, U = np.linalg.eigh(B.T @ B / len(X))
    order = np.argsort(w)[::-1][:dims]
    w, V = np.maximum(w[order], 0.0), Q @ U[:, order]
    V /= np.linalg.norm(V, axis=0, keepdims=True)
    # deterministic signs: each direction's largest-|.| entry positive
    sign = np.sign(V[np.abs(V).argmax(0), np.arange(dims)])
    V = V * sign[None, :]
    scale = float(np.sqrt(w.mean()))
    codec = PCACodec(mu, V, scale, w)
    codec.total_var = float(np.sum(Xc * Xc) / len(X))
    return codec


def latent_stats(Z: np.ndarray, n_components: int):
    mean = Z.mean(0)
    std = Z.std(0)
    C = np.cov(Z, rowvar=False, bias=True)
    w, V = np.linalg.eigh(C)
    order = np.argsort(w)[::-1][:n_components]
    comps = V[:, order].T  # [n, D] unit rows
    sign = np.sign(comps[np.arange(len(order)), np.abs(comps).argmax(1)])
    comps = comps * sign[:, None]
    return mean, std, comps, np.sqrt(np.maximum(w[order], 0.0))


def kmeans(Z: np.ndarray, k: int, seed: int, iters: int = 60) -> np.ndarray:
    """k-means++ initialisation then Lloyd iterations (empty clusters re-seeded at the farthest point)."""
    rng = np.random.default_rng(seed)
    Z = Z.astype(np.float64)
    n = len(Z)
    zz = np.einsum("ij,ij->i", Z, Z)
    C = np.empty((k, Z.shape[1]))
    C[0] = Z[rng.integers(n)]
    d2 = np.sum((Z - C[0]) ** 2, 1)
    for i in range(1, k):
        p = d2 / d2.sum()
        C[i] = Z[rng.choice(n, p=p)]
        d2 = np.minimum(d2, np.sum((Z - C[i]) ** 2, 1))
    for _ in range(iters):
        D = zz[:, None] - 2 * Z @ C.T + np.einsum("ij,ij->i", C, C)[None, :]
        a = D.argmin(1)
        newC = np.zeros_like(C)
        cnt = np.bincount(a, minlength=k).astype(np.float64)
        np.add.at(newC, a, Z)
        dmin = D[np.arange(n), a]
        for j in np.where(cnt == 0)[0]:
            far = int(dmin.argmax())
            newC[j] = Z[far]
            cnt[j] = 1
            dmin[far] = 0
        newC /= cnt[:, None]
        if np.allclose(newC, C):
            C = newC
            break
        C = newC
    return C


def entry_descriptors(codec: PCACodec, entry: np.ndarray, log_floor: float,
                      seconds: float = 0.5, gl_iters: int = 50):
    """(loudness dBFS, centroid Hz, f0 Hz) of one latent frame; see README for the definitions."""
    L = codec.decode_logmag(entry[None, :])  # [FPL, 513]
    M = dsp.mag_from_log(L, log_floor)
    freqs = np.arange(BINS) * dsp.SR / dsp.N_FFT
    cents = []
    for m in M:
        tot = m.sum()
        cents.append(float((freqs * m).sum() / tot) if tot >= 1e-9 else 0.0)
    centroid = float(np.mean(cents))
    fpl = len(M)  # the codec's frames per latent (FPL here; 2 for neural-spectral-live)
    n_frames = int(np.ceil(seconds * dsp.SR / dsp.HOP / fpl)) * fpl  # 88 frames for 0.5 s
    mags = np.tile(M, (n_frames // fpl, 1))
    # random (seed 0) rather than zero initial phase: identical zero-phase frames would make
    # the Griffin-Lim output exactly periodic in the hop (256 or 1024 samples), which YIN
    # would report as a spurious 172 / 43 Hz pitch.
    phase0 = np.random.default_rng(0).uniform(-np.pi, np.pi, mags.shape)
    y = dsp.griffin_lim(mags, gl_iters, length=n_frames * dsp.HOP, init_phase=phase0)
    mid = y[len(y) // 4: 3 * len(y) // 4]
    rms = float(np.sqrt(np.mean(mid ** 2)))
    loud = max(-120.0, 20 * np.log10(max(rms, 1e-9)))
    c = len(y) // 2
    f0 = dsp.yin_f0(y[c - 1024: c + 1024])
    return loud, centroid, f0
