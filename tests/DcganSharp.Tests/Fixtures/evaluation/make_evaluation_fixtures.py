"""Reference values for the evaluation metrics, computed with numpy/scipy (the way pytorch-fid does).

Run from this folder:  OPENBLAS_CORETYPE=Cooperlake /usr/bin/python3 make_evaluation_fixtures.py
Writes metrics.pth: a dict of float64 tensors, read by tests/DcganSharp.Tests/Evaluation/*.
"""
import numpy as np
import scipy.linalg
import torch

rng = np.random.default_rng(20261127)


def fid_scipy(mu1, s1, mu2, s2):
    # pytorch-fid's formula: the square root of the product by scipy.linalg.sqrtm.
    diff = mu1 - mu2
    root, _ = scipy.linalg.sqrtm(s1.dot(s2), disp=False)
    return float(diff.dot(diff) + np.trace(s1) + np.trace(s2) - 2 * np.trace(root.real))


def spd(d, scale):
    a = rng.normal(size=(d, d)) * scale
    return a @ a.T + 0.1 * np.eye(d)


# Two Gaussians with non-commuting covariances.
d = 8
mu1, mu2 = rng.normal(size=d), rng.normal(size=d)
s1, s2 = spd(d, 1.0), spd(d, 0.5)
assert np.abs(s1 @ s2 - s2 @ s1).max() > 1e-3, "the covariances should not commute"

# Two feature samples of different sizes and distributions.
x = rng.normal(size=(300, 16))
y = rng.normal(size=(250, 16)) @ (np.eye(16) + 0.3 * rng.normal(size=(16, 16))) + 0.5
fid_samples = fid_scipy(x.mean(0), np.cov(x, rowvar=False), y.mean(0), np.cov(y, rowvar=False))


def mmd2_unbiased(a, b):
    k = lambda p, q: (p @ q.T / p.shape[1] + 1) ** 3
    m = a.shape[0]
    kxx, kyy, kxy = k(a, a), k(b, b), k(a, b)
    return float((kxx.sum() - np.trace(kxx)) / (m * (m - 1)) + (kyy.sum() - np.trace(kyy)) / (m * (m - 1)) - 2 * kxy.mean())


def precision_recall(real, fake, k=3):
    dist = lambda p, q: np.sqrt(((p[:, None, :] - q[None, :, :]) ** 2).sum(-1))
    real_radius = np.sort(dist(real, real), axis=1)[:, k]
    fake_radius = np.sort(dist(fake, fake), axis=1)[:, k]
    d_fr = dist(fake, real)
    precision = float((d_fr <= real_radius[None, :]).any(1).mean())
    recall = float((d_fr.T <= fake_radius[None, :]).any(1).mean())
    return precision, recall


mmd = mmd2_unbiased(x[:250], y)
precision, recall = precision_recall(x[:250], y)

t = lambda a: torch.tensor(np.asarray(a, dtype=np.float64))
torch.save({
    "mu1": t(mu1), "sigma1": t(s1), "mu2": t(mu2), "sigma2": t(s2),
    "fid_gaussians": t([fid_scipy(mu1, s1, mu2, s2)]),
    "x": t(x), "y": t(y),
    "fid_samples": t([fid_samples]),
    "mmd2_x250_y": t([mmd]),
    "precision_x250_y": t([precision]), "recall_x250_y": t([recall]),
}, "metrics.pth")
print(f"fid_gaussians={fid_scipy(mu1, s1, mu2, s2):.10f} fid_samples={fid_samples:.10f} mmd2={mmd:.10f} precision={precision} recall={recall}")
