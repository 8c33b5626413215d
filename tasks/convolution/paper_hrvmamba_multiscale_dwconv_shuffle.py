"""HRVMamba DVSS multi-scale depthwise conv on NCHW input: channel LayerNorm, 4 channel groups through depthwise convs of kernel 3/5/7/9 (same padding, bias), concat, channel shuffle (4 groups), out = x + GELU(y).

Paper operator (the multi-scale local branch at the start of every HRVMamba block, pre-norm form):
y = LayerNorm over channels at each pixel (affine, eps 1e-5); the channels are split into 4 groups
(the first one takes the remainder), group i goes through a depthwise conv with kernel 2i+3 and
padding i+1 (with bias); the groups are concatenated, channel-shuffled with 4 groups
(view (B,4,C/4,H,W), swap axes 1 and 2) and the block returns x + GELU(y) (exact GELU).
"""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 2,
    "source": "HRVMamba: High-Resolution Visual State Space Model for Dense Prediction",
    "subcategory": "conv_deformable",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 1, "channels": 8, "height": 12, "width": 10},
        "small": {"batch_size": 4, "channels": 80, "height": 64, "width": 48},
        "large": {"batch_size": 32, "channels": 80, "height": 96, "width": 72},
    },
}

batch_size = 4
channels = 80
height = 64
width = 48


class Model(nn.Module):
    def __init__(self, channels: int, num_groups: int = 4):
        super().__init__()
        self.num_groups = num_groups
        split = [channels // num_groups] * num_groups
        split[0] += channels - sum(split)
        self.split = split
        self.norm = nn.LayerNorm(channels)
        nn.init.uniform_(self.norm.weight, 0.5, 1.5)
        nn.init.uniform_(self.norm.bias, -0.2, 0.2)
        self.convs = nn.ModuleList(
            nn.Conv2d(split[i], split[i], 2 * i + 3, padding=i + 1, groups=split[i], bias=True)
            for i in range(num_groups)
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        b, c, h, w = x.shape
        y = self.norm(x.permute(0, 2, 3, 1)).permute(0, 3, 1, 2)
        parts = torch.split(y, self.split, dim=1)
        y = torch.cat([conv(p) for conv, p in zip(self.convs, parts, strict=True)], dim=1)
        g = self.num_groups
        y = y.view(b, g, c // g, h, w).transpose(1, 2).reshape(b, c, h, w)
        return F.gelu(y) + x


def get_inputs():
    return [torch.randn(batch_size, channels, height, width)]


def get_init_inputs():
    return [channels]
