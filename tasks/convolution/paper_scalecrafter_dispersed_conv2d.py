"""ScaleCrafter dispersed + re-dilated conv on NCHW input: the 3x3 kernel is inflated to 5x5 by a fixed least-squares dispersion matrix R (25x9), then applied with dilation ceil(s)=2 and padding 4 (with bias); s = 2, so no resizing.

Paper operator: "dispersed convolution" turns a pretrained 3x3 kernel W into a 5x5 kernel
W'[o,c] = reshape(R vec(W[o,c]), 5x5) whose response on a 2x bilinearly upsampled input matches the
upsampled response of W (structure-level calibration) while staying close to W on the original input
(pixel-level calibration, weight eta = 0.05). R is the least-squares solution of that linear
problem on a 7x7 input (the authors' kernel_disperse.m, rebuilt here in float64 at init). The
inflated kernel is then used in a re-dilated conv: d = ceil(s), f = d/s (here 1, no resize),
y = conv2d(x, W', b, dilation=d, padding=2d).
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
        "large": {"batch_size": 2, "in_channels": 640, "out_channels": 640, "height": 64, "width": 64},
    },
}

batch_size = 1
in_channels = 320
out_channels = 320
height = 32
width = 32
pf_factor = 2.0


def _dispersion_matrix(small: int = 3, large: int = 5, size: int = 7, scale: int = 2, eta: float = 0.05):
    """R (large^2 x small^2): least-squares map from a small kernel to its dispersed large kernel."""
    dt = torch.float64
    basis_x = torch.eye(size * size, dtype=dt).view(-1, 1, size, size)  # every input pixel
    basis_a = torch.eye(small * small, dtype=dt).view(-1, 1, small, small)
    basis_b = torch.eye(large * large, dtype=dt).view(-1, 1, large, large)
    up = scale * (size - 1) + 1

    def upsample(t):
        return F.interpolate(t, size=(up, up), mode="bilinear", align_corners=True)

    # structure level: conv(upsample(x), b) - upsample(conv(x, a))
    struct_b = F.conv2d(upsample(basis_x), basis_b, padding=(large - 1) // 2)  # (49, 25, 13, 13)
    small_out = F.conv2d(basis_x, basis_a, padding=(small - 1) // 2)  # (49, 9, 7, 7)
    struct_a = upsample(small_out.reshape(-1, 1, size, size)).view(size * size, small * small, up, up)
    # pixel level: conv(x, b) - conv(x, a)
    pixel_b = F.conv2d(basis_x, basis_b, padding=(large - 1) // 2)  # (49, 25, 7, 7)
    pixel_a = small_out

    def rows(t):  # (pixels, kernel entries, h, w) -> (pixels*h*w, kernel entries)
        return t.permute(0, 2, 3, 1).reshape(-1, t.shape[1])

    lhs = torch.cat([rows(struct_b), eta * rows(pixel_b)], dim=0)
    rhs = torch.cat([rows(struct_a), eta * rows(pixel_a)], dim=0)
    return torch.linalg.solve(lhs.T @ lhs, lhs.T @ rhs)  # (25, 9)


class Model(nn.Module):
    def __init__(self, in_channels: int, out_channels: int, pf_factor: float):
        super().__init__()
        self.conv = nn.Conv2d(in_channels, out_channels, 3, padding=1, bias=True)
        self.register_buffer("dispersion", _dispersion_matrix().to(torch.float32))
        self.dilation = math.ceil(pf_factor)
        self.factor = float(self.dilation / pf_factor)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        o, i = self.conv.weight.shape[:2]
        w5 = torch.einsum("mn,oin->oim", self.dispersion, self.conv.weight.reshape(o, i, 9)).reshape(o, i, 5, 5)
        h, w = x.shape[-2:]
        pad = self.dilation * 2
        new_size = (round(h * self.factor), round(w * self.factor))
        if new_size != (h, w):
            x = F.interpolate(x, size=new_size, mode="bilinear", align_corners=False)
        y = F.conv2d(x, w5, self.conv.bias, padding=pad, dilation=self.dilation)
        if y.shape[-2:] != (h, w):
            y = F.interpolate(y, size=(h, w), mode="bilinear", align_corners=False)
        return y


def get_inputs():
    return [torch.randn(batch_size, in_channels, height, width)]


def get_init_inputs():
    return [in_channels, out_channels, pf_factor]
