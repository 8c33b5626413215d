"""ScaleCrafter re-dilated 3x3 conv on NCHW input for perception-field factor s: bilinear resize by f = ceil(s)/s, conv2d with dilation ceil(s) and padding ceil(s) (with bias), bilinear resize back to (H,W) (align_corners=False).

Paper operator: to generate images above the training resolution without tuning, a pretrained UNet conv
(W, b) is applied with its receptive field enlarged by a fractional factor s: d = ceil(s), f = d/s,
x' = bilinear_resize(x, (round(H*f), round(W*f))) (identity when f = 1), y' = conv2d(x', W, b,
dilation=d, padding=d*(1+(k-3)/2)), y = bilinear_resize(y', (H, W)). Here s = 1.5: d = 2 and the
input is first upsampled by 4/3.
"""

import math

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 2,
    "source": "ScaleCrafter: Tuning-free Higher-Resolution Visual Generation with Diffusion Models",
    "subcategory": "conv_dilated",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 1, "in_channels": 4, "out_channels": 4, "height": 9, "width": 12},
        "small": {"batch_size": 1, "in_channels": 320, "out_channels": 320, "height": 32, "width": 32},
        "large": {"batch_size": 2, "in_channels": 1280, "out_channels": 1280, "height": 64, "width": 64},
    },
}

batch_size = 1
in_channels = 320
out_channels = 320
height = 32
width = 32
pf_factor = 1.5


class Model(nn.Module):
    def __init__(self, in_channels: int, out_channels: int, pf_factor: float):
        super().__init__()
        self.conv = nn.Conv2d(in_channels, out_channels, 3, padding=1, bias=True)
        self.dilation = math.ceil(pf_factor)
        self.factor = float(self.dilation / pf_factor)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h, w = x.shape[-2:]
        k = self.conv.weight.shape[-1]
        pad = self.dilation * (1 + (k - 3) // 2)
        new_size = (round(h * self.factor), round(w * self.factor))
        if new_size != (h, w):
            x = F.interpolate(x, size=new_size, mode="bilinear", align_corners=False)
        y = F.conv2d(x, self.conv.weight, self.conv.bias, padding=pad, dilation=self.dilation)
        return F.interpolate(y, size=(h, w), mode="bilinear", align_corners=False)


def get_inputs():
    return [torch.randn(batch_size, in_channels, height, width)]


def get_init_inputs():
    return [in_channels, out_channels, pf_factor]
