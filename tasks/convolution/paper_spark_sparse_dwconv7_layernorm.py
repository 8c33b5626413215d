"""SparK sparse ConvNeXt stem of a block on NCHW features: 7x7 depthwise conv (padding 3, with bias) re-masked by a patch mask upsampled by repeat_interleave, then channel LayerNorm (eps 1e-6) at active positions only, zeros at masked positions.

SparK's sparse ConvNeXt block starts with a depthwise 7x7 convolution run densely and re-masked
by the active mask M (patches of 60%-masked input, upsampled to the feature resolution by
repeat_interleave), followed by a LayerNorm over channels applied to the active positions only
(masked positions stay zero).
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
        "small": {"batch_size": 8, "channels": 96, "height": 56, "width": 56, "mask_size": 7},
        "large": {"batch_size": 128, "channels": 96, "height": 56, "width": 56, "mask_size": 7},
    },
}

batch_size = 8
channels = 96
height = 56
width = 56
mask_size = 7
mask_ratio = 0.6


class Model(nn.Module):
    def __init__(self, channels: int):
        super().__init__()
        self.dwconv = nn.Conv2d(channels, channels, 7, padding=3, groups=channels)
        self.norm = nn.LayerNorm(channels, eps=1e-6)
        with torch.no_grad():
            self.norm.weight.normal_(1.0, 0.1)
            self.norm.bias.normal_(0.0, 0.1)

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        h, w = x.shape[-2:]
        m = mask.repeat_interleave(h // mask.shape[-2], dim=-2).repeat_interleave(w // mask.shape[-1], dim=-1)
        m = m.to(x.dtype)                                            # (B, 1, H, W)
        y = self.dwconv(x) * m
        y = self.norm(y.permute(0, 2, 3, 1)).permute(0, 3, 1, 2)
        return y * m


def get_inputs():
    x = torch.randn(batch_size, channels, height, width)
    n = mask_size * mask_size
    keep = round(n * (1.0 - mask_ratio))
    order = torch.rand(batch_size, n).argsort(dim=1)
    mask = torch.zeros(batch_size, n, dtype=torch.bool)
    mask.scatter_(1, order[:, :keep], True)
    return [x, mask.view(batch_size, 1, mask_size, mask_size)]


def get_init_inputs():
    return [channels]
