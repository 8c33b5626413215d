"""Per-layer quality statistics of stacks of 3x3 conv weights W (L, O, I, 3, 3): sparsity, variance entropy of the centred filters' singular spectrum (all filters, non-sparse filters), and orthogonality; returns an (L, 4) tensor.

CNN Filter DB studies trained 3x3 filters with the metrics of the authors' torchconvquality. Per layer,
with F = W.view(O*I, 9): sparsity = fraction of filters (rows) whose 9 taps all satisfy
|w| < 0.01 * max|W|; variance entropy = -sum_i r_i log10 r_i with r = s^2 / sum s^2 and s the singular
values of F - mean_rows(F), i.e. the square roots of the eigenvalues of its 9 x 9 scatter matrix
(column 1: all rows; column 2: the non-sparse rows only, centred on their own mean); orthogonality = 1 - sum|W^ W^T - I| / (O (O - 1)) with W^ the row-normalised W.view(O, I*9).
Inputs mimic trained layers: a fraction of the filters is (near) dead.
"""

import math

import torch
import torch.nn as nn

KBENCH = {
    "level": 2,
    "source": "CNN Filter DB: An Empirical Investigation of Trained Convolutional Filters",
    "subcategory": "conv_standard",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"num_layers": 2, "out_channels": 8, "in_channels": 6},
        "small": {"num_layers": 2, "out_channels": 256, "in_channels": 256},
        "large": {"num_layers": 512, "out_channels": 512, "in_channels": 512},
    },
}

num_layers = 2
out_channels = 256
in_channels = 256
sparsity_eps = 0.01
dead_fraction = 0.25


def _variance_entropy(f: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """f (L, N, 9) filters, mask (L, N) rows to use; entropy (base 10) of the centred singular spectrum.

    The squared singular values of the centred (n x 9) filter matrix are the eigenvalues of its 9 x 9
    scatter matrix, which is what is computed here."""
    m = mask.to(f.dtype).unsqueeze(-1)
    count = m.sum(dim=1, keepdim=True).clamp_min(1.0)
    mean = (f * m).sum(dim=1, keepdim=True) / count
    centred = (f - mean) * m                       # excluded rows become zero rows
    scatter = centred.transpose(1, 2) @ centred    # (L, 9, 9)
    var = torch.linalg.eigvalsh(scatter).clamp_min(0.0)
    r = var / var.sum(dim=-1, keepdim=True)
    return -torch.special.xlogy(r, r).sum(dim=-1) / math.log(10.0)


class Model(nn.Module):
    def __init__(self, sparsity_eps: float = 0.01):
        super().__init__()
        self.sparsity_eps = sparsity_eps

    def forward(self, w: torch.Tensor) -> torch.Tensor:
        n_layers, o, i, kh, kw = w.shape
        f = w.reshape(n_layers, o * i, kh * kw)
        thr = f.abs().amax(dim=(1, 2), keepdim=True) * self.sparsity_eps
        sparse = (f.abs() < thr).all(dim=-1)                                   # (L, O*I)
        sparsity = sparse.to(w.dtype).mean(dim=1)
        entropy_all = _variance_entropy(f, torch.ones_like(sparse))
        entropy_clean = _variance_entropy(f, ~sparse)
        rows = w.reshape(n_layers, o, i * kh * kw)
        rows = rows / rows.norm(dim=-1, keepdim=True)
        gram = rows @ rows.transpose(1, 2)
        eye = torch.eye(o, dtype=w.dtype, device=w.device)
        ortho = 1.0 - (gram - eye).abs().sum(dim=(1, 2)) / (o * (o - 1))
        return torch.stack([sparsity, entropy_all, entropy_clean, ortho], dim=1)


def get_inputs():
    w = torch.randn(num_layers, out_channels, in_channels, 3, 3)
    dead = torch.rand(num_layers, out_channels, in_channels, 1, 1) < dead_fraction
    w = torch.where(dead, w * 1e-3, w)
    return [w]


def get_init_inputs():
    return [sparsity_eps]
