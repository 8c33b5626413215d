"""DCNv4 deformable conv (3x3, stride 1, pad 1, G groups, un-normalised modulation) on channels-last input (N,H,W,C): value = Linear(x), offsets/masks = Linear(DW3x3(x)), bilinear sampling at the offset taps, modulated sum, then Linear(C,C,no bias).

Paper operator (HRVMamba replaces the depthwise conv of SS2D by DCNv4; C = d_inner, G = ceil(d_model/16)):
value v = Linear(C,C)(x); offset_mask = Linear(C, ceil(3*G*9/8)*8)(DW3x3(x)) with the depthwise conv
(bias) applied in NCHW. Per pixel and group g, entries [g*27, g*27+18) are (dx, dy) pairs of the 9
taps k = i*3 + j (i runs over the kernel width, outer loop) and [g*27+18, g*27+27) are modulation
scalars m_k without softmax. out[n,ho,wo,g,:] = sum_k m_k * bilinear(v_g, h = ho - 1 + j + dy_k,
w = wo - 1 + i + dx_k), integer coordinates at pixel centres and zero outside the image. Then
Linear(C,C, no bias). The offset/mask Linear uses PyTorch's default init (DCNv4 zero-initialises it
for training, which would make the output identically zero).
"""

import math

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 2,
    "source": "HRVMamba: High-Resolution Visual State Space Model for Dense Prediction",
    "subcategory": "conv_deformable",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 1, "channels": 16, "groups": 2, "height": 7, "width": 6},
        "small": {"batch_size": 1, "channels": 160, "groups": 5, "height": 64, "width": 48},
        "large": {"batch_size": 32, "channels": 160, "groups": 5, "height": 96, "width": 72},
    },
}

batch_size = 1
channels = 160
groups = 5
height = 64
width = 48


class Model(nn.Module):
    def __init__(self, channels: int, groups: int, kernel_size: int = 3):
        super().__init__()
        self.channels = channels
        self.groups = groups
        self.kernel_size = kernel_size
        self.taps = kernel_size * kernel_size
        self.value_proj = nn.Linear(channels, channels)
        self.offset_mask_dw = nn.Conv2d(channels, channels, 3, padding=1, groups=channels, bias=True)
        self.offset_mask = nn.Linear(channels, int(math.ceil(groups * self.taps * 3 / 8) * 8))
        self.output_proj = nn.Linear(channels, channels, bias=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        n, h, w, c = x.shape
        g, kk, ks = self.groups, self.taps, self.kernel_size
        d = c // g
        pad = ks // 2
        value = self.value_proj(x)  # (N, H, W, C)
        om = self.offset_mask_dw(x.permute(0, 3, 1, 2)).permute(0, 2, 3, 1)
        om = self.offset_mask(om)[..., : g * kk * 3].reshape(n, h, w, g, 3 * kk)
        off = om[..., : 2 * kk].reshape(n, h, w, g, kk, 2)  # (dx, dy) per tap
        mask = om[..., 2 * kk:]  # (N, H, W, G, K)
        # tap k = i * ks + j: i moves along the width, j along the height
        taps = torch.arange(kk, device=x.device)
        tap_w = (taps // ks).to(x.dtype) - pad
        tap_h = (taps % ks).to(x.dtype) - pad
        wo = torch.arange(w, device=x.device, dtype=x.dtype).view(1, 1, w, 1, 1)
        ho = torch.arange(h, device=x.device, dtype=x.dtype).view(1, h, 1, 1, 1)
        sample_w = wo + tap_w + off[..., 0]  # (N, H, W, G, K)
        sample_h = ho + tap_h + off[..., 1]
        # grid_sample with align_corners=True: -1 and 1 are the centres of the first and last pixels
        gx = 2.0 * sample_w / max(w - 1, 1) - 1.0
        gy = 2.0 * sample_h / max(h - 1, 1) - 1.0
        grid = torch.stack([gx, gy], dim=-1).permute(0, 3, 1, 2, 4, 5).reshape(n * g, h * w, kk, 2)
        v = value.reshape(n, h, w, g, d).permute(0, 3, 4, 1, 2).reshape(n * g, d, h, w)
        sampled = F.grid_sample(v, grid, mode="bilinear", padding_mode="zeros", align_corners=True)
        m = mask.permute(0, 3, 1, 2, 4).reshape(n * g, 1, h * w, kk)
        out = (sampled * m).sum(dim=-1)  # (N*G, D, H*W)
        out = out.view(n, g, d, h, w).permute(0, 3, 4, 1, 2).reshape(n, h, w, c)
        return self.output_proj(out)


def get_inputs():
    return [torch.randn(batch_size, height, width, channels)]


def get_init_inputs():
    return [channels, groups]
