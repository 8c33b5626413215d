"""Inference-time UniRepLKNet block on NCHW input: depthwise KxK conv (bias, pad K//2) -> SE gate -> Linear(C,4C) -> GELU -> GRN -> Linear(4C,C) -> residual add.

Paper operator (UniRepLKNet journal version, "Scaling Up Your Kernels"): the deploy form of the
building block, with the dilated re-parameterised large kernel already merged into a single K x K
depthwise kernel with bias (K=13). Squeeze-and-excitation: y * sigmoid(W_up relu(W_down GAP(y))), hidden
C/4, both 1x1 convs with bias. The FFN runs channels-last: Linear(C,4C), exact GELU, Global Response
Normalisation G = ||h||_2 over (H,W), N = G / (mean_c G + 1e-6), h = (gamma*N + 1)*h, then Linear(4C,C)
and the residual. BN, layer-scale and the GRN bias are folded into the linears at deploy time.
"""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 3,
    "source": "Scaling Up Your Kernels: Large Kernel Design in ConvNets towards Universal Representations",
    "subcategory": "conv_large_kernel",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 1, "dim": 8, "height": 15, "width": 13},
        "small": {"batch_size": 1, "dim": 96, "height": 56, "width": 56},
        "large": {"batch_size": 64, "dim": 384, "height": 14, "width": 14},
    },
}

batch_size = 1
dim = 96
height = 56
width = 56
kernel_size = 13


class Model(nn.Module):
    def __init__(self, dim: int, kernel_size: int):
        super().__init__()
        self.dwconv = nn.Conv2d(dim, dim, kernel_size, padding=kernel_size // 2, groups=dim, bias=True)
        self.se_down = nn.Conv2d(dim, dim // 4, 1, bias=True)
        self.se_up = nn.Conv2d(dim // 4, dim, 1, bias=True)
        self.pwconv1 = nn.Linear(dim, 4 * dim)
        # GRN gain (zero at the start of training in the paper; a trained, non-zero value here)
        self.grn_gamma = nn.Parameter(torch.empty(4 * dim))
        nn.init.normal_(self.grn_gamma, mean=0.0, std=0.5)
        self.pwconv2 = nn.Linear(4 * dim, dim)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.dwconv(x)
        s = F.adaptive_avg_pool2d(y, 1)
        s = torch.sigmoid(self.se_up(F.relu(self.se_down(s))))
        y = y * s
        h = F.gelu(self.pwconv1(y.permute(0, 2, 3, 1)))  # (B, H, W, 4C)
        g = torch.linalg.vector_norm(h, ord=2, dim=(1, 2), keepdim=True)  # (B, 1, 1, 4C)
        n = g / (g.mean(dim=-1, keepdim=True) + 1e-6)
        h = h * (self.grn_gamma * n + 1.0)
        out = self.pwconv2(h).permute(0, 3, 1, 2)
        return x + out


def get_inputs():
    return [torch.randn(batch_size, dim, height, width)]


def get_init_inputs():
    return [dim, kernel_size]
