"""UniRepLKNet Dilated Reparam Block (train-time form) on NCHW input: BN(depthwise KxK conv) plus the sum of BN(depthwise dilated k_b x k_b conv, dilation r_b) branches, all stride 1, 'same' padding, no bias.

Paper operator: a large depthwise kernel (K=13) is trained in parallel with small dilated depthwise
kernels; for K=13 the branches are (k, r) = (5,1), (7,2), (3,3), (3,4), (3,5), each with padding
(r(k-1)+1)//2 and its own eval-mode BatchNorm (a per-channel affine with running statistics). The sum
is exactly one K x K depthwise conv with bias after re-parameterisation (dilated kernels expanded with
zeros, BN folded), which a fast kernel may exploit.
"""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "UniRepLKNet: A Universal Perception Large-Kernel ConvNet …",
    "subcategory": "conv_large_kernel",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 1, "channels": 4, "height": 17, "width": 15},
        "small": {"batch_size": 1, "channels": 96, "height": 56, "width": 56},
        "large": {"batch_size": 64, "channels": 192, "height": 28, "width": 28},
    },
}

batch_size = 1
channels = 96
height = 56
width = 56
kernel_size = 13

_BRANCHES = {
    17: [(5, 1), (9, 2), (3, 4), (3, 5), (3, 7)],
    15: [(5, 1), (7, 2), (3, 3), (3, 5), (3, 7)],
    13: [(5, 1), (7, 2), (3, 3), (3, 4), (3, 5)],
    11: [(5, 1), (5, 2), (3, 3), (3, 4), (3, 5)],
    9: [(5, 1), (5, 2), (3, 3), (3, 4)],
    7: [(5, 1), (3, 2), (3, 3)],
}


def _trained_bn(c: int) -> nn.BatchNorm2d:
    """An eval-mode BatchNorm whose affine and running statistics look trained (not the identity)."""
    bn = nn.BatchNorm2d(c)
    nn.init.uniform_(bn.weight, 0.5, 1.5)
    nn.init.uniform_(bn.bias, -0.2, 0.2)
    nn.init.uniform_(bn.running_mean, -0.2, 0.2)
    nn.init.uniform_(bn.running_var, 0.5, 1.5)
    return bn


class Model(nn.Module):
    def __init__(self, channels: int, kernel_size: int):
        super().__init__()
        self.lk_origin = nn.Conv2d(channels, channels, kernel_size, padding=kernel_size // 2,
                                   groups=channels, bias=False)
        self.origin_bn = _trained_bn(channels)
        self.branches = nn.ModuleList()
        self.branch_bns = nn.ModuleList()
        for k, r in _BRANCHES[kernel_size]:
            self.branches.append(nn.Conv2d(channels, channels, k, padding=(r * (k - 1) + 1) // 2,
                                           dilation=r, groups=channels, bias=False))
            self.branch_bns.append(_trained_bn(channels))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = self.origin_bn(self.lk_origin(x))
        for conv, bn in zip(self.branches, self.branch_bns, strict=True):
            out = out + bn(conv(x))
        return out


def get_inputs():
    return [torch.randn(batch_size, channels, height, width)]


def get_init_inputs():
    return [channels, kernel_size]
