"""SNNK random-feature layer replacing Y = exp(X W^T + b): Y = Phi(X) Psi(W, b)^T with positive random features Phi(x) = exp(Omega x - |x|^2/2)/sqrt(m), Psi(w, b) = exp(Omega w - |w|^2/2 + b)/sqrt(m).

Scalable Neural Network Kernels (SNNK) disentangle a feed-forward layer's inputs from its parameters and
join them only through a dot product of random features. For f = exp, E_omega[exp(omega.x - |x|^2/2)
exp(omega.w - |w|^2/2)] = exp(x.w), so with m fixed Gaussian projections Omega (m, d) (drawn once at
construction, a buffer) the layer is Y = Phi(X) Psi(W, b)^T: two projections onto Omega, row-norm
corrections, exponentials, and an (N x m) @ (m x out) product. W and b are the FFL's weights. Inputs are
token features with O(1) row norms (the regime where the random-feature estimator is meaningful).
"""

import math

import torch
import torch.nn as nn

KBENCH = {
    "level": 2,
    "source": "Scalable Neural Network Kernels (SNNK)",
    "subcategory": "other",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "domain": "fixed",
    "shapes": {
        "tiny": {"num_tokens": 16, "in_features": 24, "out_features": 40, "num_features": 32},
        "small": {"num_tokens": 1024, "in_features": 768, "out_features": 3072, "num_features": 256},
        "large": {"num_tokens": 8192, "in_features": 1024, "out_features": 4096, "num_features": 1024},
    },
}

num_tokens = 1024
in_features = 768
out_features = 3072
num_features = 256


class Model(nn.Module):
    def __init__(self, in_features: int, out_features: int, num_features: int):
        super().__init__()
        self.ffl = nn.Linear(in_features, out_features)
        self.register_buffer("omega", torch.randn(num_features, in_features))
        self.scale = 1.0 / math.sqrt(num_features)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        w, b = self.ffl.weight, self.ffl.bias
        phi = torch.exp(x @ self.omega.t() - 0.5 * x.pow(2).sum(dim=-1, keepdim=True)) * self.scale
        psi = torch.exp(w @ self.omega.t() - 0.5 * w.pow(2).sum(dim=-1, keepdim=True) + b.unsqueeze(-1)) * self.scale
        return phi @ psi.t()


def get_inputs():
    return [torch.randn(num_tokens, in_features) / math.sqrt(in_features)]


def get_init_inputs():
    return [in_features, out_features, num_features]
