"""Infinite-width Myrtle-5 convolutional NNGP and NTK Gram matrices of N images (N,C,H,W) (ReLU, 3x3 SAME convs, W_std^2=2, no bias): returns (K, NTK), each (N,N).

Paper operator: the paper's experiments use convolutional NTK eigenspectra of vision data; the kernel
is the neural_tangents Myrtle-5 CNTK (the architecture is an assumption, as the catalog notes).
Covariances over all pairs of images and of pixels, Sigma, Theta in R^{N x N x H x W x H x W}:
init Sigma[a,b,p,q] = <x_a(p), x_b(q)>/C, Theta = 0. Conv: Sigma' = 2 A(Sigma), Theta' = 2 A(Theta) +
Sigma', with A(T)[p,q] = (1/9) sum_{d in {-1,0,1}^2} T[p+d, q+d] (zero outside). ReLU: with
v_a(p) = Sigma[a,a,p,p] and theta = arccos(Sigma / sqrt(v_a(p) v_b(q))), Sigma <- sqrt(v_a v_b)
(sin theta + (pi - theta) cos theta) / (2 pi), Theta <- Theta (pi - theta) / (2 pi). 2x2 average
pooling averages both pixel indices. Myrtle-5 (neural_tangents layer factors [2, 1, 1]):
(conv-relu) x2, pool, conv-relu, pool, conv-relu, then the three final 2x2 pools of the 32x32 network
taken as one global average pool (so 8x8 and 16x16 inputs are valid), and the dense readout:
K = 2 Sigma, NTK = 2 Theta + 2 Sigma. Both outputs are symmetric positive semi-definite.
"""

import math

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 3,
    "source": "More is Better in Modern ML: when Infinite Overparameterization is Optimal …",
    "subcategory": "conv_kernel_method",
    "tolerance": {"atol": 1e-3, "rtol": 1e-3},
    "shapes": {
        "tiny": {"num_images": 3, "channels": 3, "height": 4, "width": 4},
        "small": {"num_images": 6, "channels": 3, "height": 8, "width": 8},
        "large": {"num_images": 64, "channels": 3, "height": 16, "width": 16},
    },
}

num_images = 6
channels = 3
height = 8
width = 8

W_VAR = 2.0


def _conv(t: torch.Tensor) -> torch.Tensor:
    """A(T): average of T[p+d, q+d] over the 9 shifts d (zero outside) on the last 4 axes (H, W, H, W)."""
    h, w = t.shape[-4], t.shape[-3]
    tp = F.pad(t, (1, 1, 1, 1, 1, 1, 1, 1))
    out = torch.zeros_like(t)
    for dy in range(3):
        for dx in range(3):
            out = out + tp[..., dy:dy + h, dx:dx + w, dy:dy + h, dx:dx + w]
    return out / 9.0


def _relu(sigma: torch.Tensor, theta: torch.Tensor):
    n, h, w = sigma.shape[0], sigma.shape[2], sigma.shape[3]
    idx = torch.arange(n, device=sigma.device)
    v = sigma[idx, idx].reshape(n, h * w, h * w).diagonal(dim1=1, dim2=2).reshape(n, h, w)  # Sigma[a,a,p,p]
    norm = torch.sqrt(v.view(n, 1, h, w, 1, 1) * v.view(1, n, 1, 1, h, w))
    cos = torch.clamp(sigma / norm, -1.0, 1.0)
    ang = torch.arccos(cos)
    new_sigma = norm * (torch.sin(ang) + (math.pi - ang) * cos) / (2.0 * math.pi)
    new_theta = theta * (math.pi - ang) / (2.0 * math.pi)
    return new_sigma, new_theta


def _pool2(t: torch.Tensor) -> torch.Tensor:
    n, h, w = t.shape[0], t.shape[2], t.shape[3]
    t = t.reshape(n, n, h // 2, 2, w // 2, 2, h // 2, 2, w // 2, 2)
    return t.mean(dim=(3, 5, 7, 9))


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.layer_factor = [2, 1, 1]

    def forward(self, x: torch.Tensor):
        n, c, h, w = x.shape
        feats = x.reshape(n, c, h * w)
        sigma = torch.einsum("acp,bcq->abpq", feats, feats).reshape(n, n, h, w, h, w) / c
        theta = torch.zeros_like(sigma)
        for stage, reps in enumerate(self.layer_factor):
            for _ in range(reps):
                sigma = W_VAR * _conv(sigma)
                theta = W_VAR * _conv(theta) + sigma
                sigma, theta = _relu(sigma, theta)
            if stage < len(self.layer_factor) - 1:
                sigma, theta = _pool2(sigma), _pool2(theta)
        sigma = sigma.mean(dim=(2, 3, 4, 5))  # global average pool over both pixel indices
        theta = theta.mean(dim=(2, 3, 4, 5))
        k = W_VAR * sigma
        ntk = W_VAR * theta + k
        return k, ntk


def get_inputs():
    return [torch.randn(num_images, channels, height, width)]


def get_init_inputs():
    return []
