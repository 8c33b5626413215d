"""Per-pixel, per-channel adaptive downscaling: softmax over k*k kernel logits, then each low-res pixel is the kernel-weighted sum of its k x k reflect-padded high-res window (stride s, NCHW).

ADK-Net (INFERRED from the abstract; no code) downscales an HR image x (B, C, H, W) by a factor s with
kernels predicted per output pixel and per channel: K (B, C, k*k, H/s, W/s) is softmax-normalised over
its k*k taps and y[b,c,i,j] = sum_{u,v<k} K[b,c,u*k+v,i,j] * x~[b,c,s*i+u,s*j+v], where x~ is x
reflect-padded by (k-s)/2 on every side. The kernel-predicting network is ordinary convolutions and is
not part of this task: the raw kernel logits are an input.
"""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 1,
    "source": "Learned Adaptive Kernels for High-Fidelity Image Downscaling (ADK-Net)",
    "subcategory": "conv_dynamic",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 1, "channels": 3, "height": 16, "width": 12, "scale": 2, "kernel_size": 4},
        "small": {"batch_size": 1, "channels": 3, "height": 384, "width": 384, "scale": 4, "kernel_size": 8},
        "large": {"batch_size": 16, "channels": 3, "height": 1024, "width": 1024, "scale": 4, "kernel_size": 12},
    },
}

batch_size = 1
channels = 3
height = 384
width = 384
scale = 4
kernel_size = 8


class Model(nn.Module):
    def __init__(self, scale: int, kernel_size: int):
        super().__init__()
        self.scale = scale
        self.kernel_size = kernel_size
        self.pad = (kernel_size - scale) // 2

    def forward(self, x: torch.Tensor, kernel_logits: torch.Tensor) -> torch.Tensor:
        b, c, h, w = x.shape
        k, s, p = self.kernel_size, self.scale, self.pad
        ho, wo = h // s, w // s
        weights = torch.softmax(kernel_logits, dim=2)                       # (B, C, k*k, H/s, W/s)
        xp = F.pad(x, (p, p, p, p), mode="reflect")
        patches = F.unfold(xp, kernel_size=k, stride=s)                     # (B, C*k*k, L)
        patches = patches.view(b, c, k * k, ho, wo)
        return (patches * weights).sum(dim=2)


def get_inputs():
    x = torch.randn(batch_size, channels, height, width)
    logits = torch.randn(batch_size, channels, kernel_size * kernel_size, height // scale, width // scale)
    return [x, logits]


def get_init_inputs():
    return [scale, kernel_size]
