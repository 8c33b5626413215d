"""Convolutional matching pursuit: correlate a (B, 1, H, W) image with K unit-norm k x k atoms ('same' padding), then for n_iter steps pick the largest |correlation| per image, add it to the sparse code and subtract its atom's cross-correlation (Gram) window from all correlation maps; returns the (B, K, H, W) code.

Kernel Heterogeneity Improves Sparseness of Natural Images Representations codes images with
convolutional matching pursuit over a dictionary of oriented log-Gabor-like kernels (orientations x
orientation bandwidths; that heterogeneity is the paper's variable). INFERRED detail level: no code was
read; the algorithm is standard COMP. Here the dictionary D (K, 1, k, k) is a learned parameter,
normalised to unit norm in forward. C = conv2d(img, D, padding k//2); G = conv2d(pad(D, k-1), D)
(K, K, 2k-1, 2k-1). Each step: (k*, p*) = argmax |C| (first index on ties), a = C[k*, p*],
code[k*, p*] += a, C[:, p* - (k-1) : p* + (k-1) + 1] -= a * G[k*] (clipped at the image border:
full-support Gram convention).
"""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 2,
    "source": "Kernel Heterogeneity Improves Sparseness of Natural Images Representations",
    "subcategory": "other",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 1, "height": 12, "width": 10, "num_atoms": 4, "kernel_size": 3, "num_iters": 6},
        "small": {"batch_size": 1, "height": 96, "width": 96, "num_atoms": 24, "kernel_size": 9, "num_iters": 32},
        "large": {"batch_size": 64, "height": 256, "width": 256, "num_atoms": 108, "kernel_size": 21, "num_iters": 512},
    },
}

batch_size = 1
height = 96
width = 96
num_atoms = 24
kernel_size = 9
num_iters = 32


class Model(nn.Module):
    def __init__(self, num_atoms: int, kernel_size: int, num_iters: int):
        super().__init__()
        self.dictionary = nn.Parameter(torch.randn(num_atoms, 1, kernel_size, kernel_size))
        self.num_iters = num_iters

    def forward(self, img: torch.Tensor) -> torch.Tensor:
        b, _, h, w = img.shape
        kdim = self.dictionary.shape[0]
        k = self.dictionary.shape[-1]
        r = k - 1
        d = self.dictionary / self.dictionary.flatten(1).norm(dim=1).view(-1, 1, 1, 1)
        corr = F.conv2d(img, d, padding=k // 2)                             # (B, K, H, W)
        gram = F.conv2d(F.pad(d, (r, r, r, r)), d)                          # (K, K, 2k-1, 2k-1)
        flat = corr.view(b, -1)
        code = torch.zeros_like(flat)
        win = torch.arange(2 * k - 1, device=img.device) - r               # window offsets -(k-1)..(k-1)
        bflat = torch.arange(b, device=img.device)
        bi = bflat.view(b, 1, 1, 1)
        ki = torch.arange(kdim, device=img.device).view(1, kdim, 1, 1)
        for _ in range(self.num_iters):
            hi_val, hi_idx = flat.max(dim=1)                                # argmax |C| without an |.| pass
            lo_val, lo_idx = flat.min(dim=1)
            take_hi = (hi_val.abs() > lo_val.abs()) | ((hi_val.abs() == lo_val.abs()) & (hi_idx <= lo_idx))
            idx = torch.where(take_hi, hi_idx, lo_idx)                      # (B,)
            a = torch.where(take_hi, hi_val, lo_val)                        # (B,)
            code[bflat, idx] += a
            atom = idx // (h * w)
            rows = ((idx % (h * w)) // w).view(b, 1) + win                  # (B, 2k-1), may leave the image
            cols = (idx % w).view(b, 1) + win
            valid = ((rows >= 0) & (rows < h)).view(b, 1, -1, 1) & ((cols >= 0) & (cols < w)).view(b, 1, 1, -1)
            update = -a.view(b, 1, 1, 1) * gram.index_select(0, atom) * valid   # outside-image taps get 0
            corr.index_put_((bi, ki, rows.clamp(0, h - 1).view(b, 1, -1, 1), cols.clamp(0, w - 1).view(b, 1, 1, -1)),
                            update, accumulate=True)
        return code.view(b, kdim, h, w)


def get_inputs():
    return [torch.randn(batch_size, 1, height, width)]


def get_init_inputs():
    return [num_atoms, kernel_size, num_iters]
