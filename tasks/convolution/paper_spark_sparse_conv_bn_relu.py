"""SparK sparse masked conv-BN-ReLU on NCHW features: dense 3x3 conv (padding 1, no bias) re-masked by a patch mask upsampled by repeat_interleave, batch-norm with per-channel mean/variance over active positions only, ReLU, zeros at masked positions.

SparK (BERT-style masked modelling for convnets) treats the unmasked patches as sparse voxels.
Its "sparse convolution" is a dense convolution followed by re-masking: with the active mask
M (B, 1, h, w) at patch resolution (60% of patches masked) upsampled to the feature resolution
by repeat_interleave, y = conv2d(x, W, padding=k//2) * M_up. Sparse BatchNorm computes the
per-channel mean and (biased) variance over active positions only and normalises them,
y = gamma (y - mu) / sqrt(var + eps) + beta, leaving zeros elsewhere; then ReLU. A fast kernel
can skip fully masked tiles.
"""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 2,
    "source": "Designing BERT for Convolutional Networks: Sparse and Hierarchical Masked Modeling (SparK)",
    "subcategory": "conv_sparse",
    "shapes": {
        "tiny": {"batch_size": 2, "channels": 4, "height": 8, "width": 8, "mask_size": 4},
        "small": {"batch_size": 4, "channels": 128, "height": 28, "width": 28, "mask_size": 7},
        "large": {"batch_size": 128, "channels": 128, "height": 28, "width": 28, "mask_size": 7},
    },
}

batch_size = 4
channels = 128
height = 28
width = 28
mask_size = 7
mask_ratio = 0.6
kernel_size = 3
eps = 1e-5


class Model(nn.Module):
    def __init__(self, channels: int, kernel_size: int, eps: float):
        super().__init__()
        self.eps = eps
        self.conv = nn.Conv2d(channels, channels, kernel_size, padding=kernel_size // 2, bias=False)
        self.gamma = nn.Parameter(1.0 + 0.1 * torch.randn(channels))
        self.beta = nn.Parameter(0.1 * torch.randn(channels))

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        h, w = x.shape[-2:]
        m = mask.repeat_interleave(h // mask.shape[-2], dim=-2).repeat_interleave(w // mask.shape[-1], dim=-1)
        m = m.to(x.dtype)                                            # (B, 1, H, W)
        y = self.conv(x) * m
        count = m.sum()
        mean = y.sum(dim=(0, 2, 3)) / count                          # over active positions only
        var = ((y - mean.view(1, -1, 1, 1)) * m).pow(2).sum(dim=(0, 2, 3)) / count
        y = (y - mean.view(1, -1, 1, 1)) * torch.rsqrt(var.view(1, -1, 1, 1) + self.eps)
        y = y * self.gamma.view(1, -1, 1, 1) + self.beta.view(1, -1, 1, 1)
        return F.relu(y) * m


def get_inputs():
    x = torch.randn(batch_size, channels, height, width)
    n = mask_size * mask_size
    keep = round(n * (1.0 - mask_ratio))
    order = torch.rand(batch_size, n).argsort(dim=1)
    mask = torch.zeros(batch_size, n, dtype=torch.bool)
    mask.scatter_(1, order[:, :keep], True)
    return [x, mask.view(batch_size, 1, mask_size, mask_size)]


def get_init_inputs():
    return [channels, kernel_size, eps]
