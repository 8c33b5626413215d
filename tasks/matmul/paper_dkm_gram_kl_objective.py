"""Deep kernel machine objective: sum over L layers of nu * KL(N(0, G_l) || N(0, K(G_{l-1}))) with the arc-cosine (ReLU) kernel K, G_0 = X X^T / D, via Cholesky factors (scalar output).

A deep kernel machine (DKM) replaces the features of a deep network by learned P x P Gram
matrices G_1..G_L. Each layer's prior is a Gaussian whose covariance is the arc-cosine
(ReLU) kernel of the previous Gram,
K(G)_ij = sqrt(G_ii G_jj) (sin t + (pi - t) cos t) / pi, t = arccos(G_ij / sqrt(G_ii G_jj)),
and the objective's regulariser is sum_l nu * KL(N(0, G_l) || N(0, K(G_{l-1}))) with
KL = 1/2 [tr(K^-1 G) - P + log|K| - log|G|]. INFERRED from the abstract (no code): the Grams
are parametrised as G_l = V_l V_l^T / M + 1e-3 I with V_l (P, M), M = 2P, and a jitter of
1e-3 * mean(diag K) is added to every prior covariance K before its Cholesky factorisation.
"""

import math

import torch
import torch.nn as nn

KBENCH = {
    "level": 2,
    "source": "A theory of representation learning gives a deep generalisation of kernel methods (DKM)",
    "subcategory": "conv_kernel_method",
    "tolerance": {"atol": 1e-3, "rtol": 1e-3},
    "shapes": {
        "tiny": {"num_points": 12, "in_features": 8, "num_layers": 2},
        "small": {"num_points": 256, "in_features": 128, "num_layers": 2},
        "large": {"num_points": 4096, "in_features": 1024, "num_layers": 4},
    },
}

num_points = 256
in_features = 128
num_layers = 2
nu = 1.0


def _arccos_kernel(g: torch.Tensor) -> torch.Tensor:
    d = torch.sqrt(torch.diagonal(g))
    norm = d[:, None] * d[None, :]
    cos = torch.clamp(g / norm, -1.0, 1.0)
    theta = torch.arccos(cos)
    return norm * (torch.sin(theta) + (math.pi - theta) * cos) / math.pi


class Model(nn.Module):
    def __init__(self, num_points: int, num_layers: int, nu: float):
        super().__init__()
        self.nu = nu
        self.width = 2 * num_points
        self.factors = nn.Parameter(torch.randn(num_layers, num_points, self.width))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        p = x.shape[0]
        eye = torch.eye(p, dtype=x.dtype, device=x.device)
        prev = x @ x.T / x.shape[1]
        total = x.new_zeros(())
        for v in self.factors:
            g = v @ v.T / self.width + 1e-3 * eye
            k = _arccos_kernel(prev)
            k = k + 1e-3 * torch.diagonal(k).mean() * eye
            lk = torch.linalg.cholesky(k)
            lg = torch.linalg.cholesky(g)
            a = torch.linalg.solve_triangular(lk, lg, upper=False)   # L_K^-1 L_G
            trace = a.pow(2).sum()
            logdet_k = 2.0 * torch.log(torch.diagonal(lk)).sum()
            logdet_g = 2.0 * torch.log(torch.diagonal(lg)).sum()
            total = total + self.nu * 0.5 * (trace - p + logdet_k - logdet_g)
            prev = g
        return total


def get_inputs():
    return [torch.randn(num_points, in_features)]


def get_init_inputs():
    return [num_points, num_layers, nu]
