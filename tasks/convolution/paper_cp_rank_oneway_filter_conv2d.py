"""Conv2d (stride 1, 'same' padding k//2, with bias) on NCHW input whose kxk kernel is a rank-R CP factorisation into one-way filters: W[o,c,i,j] = sum_r U[o,r,c] A[o,r,i] B[o,r,j].

Paper operator (INFERRED from the abstract, "3-way kernels replaced by one-way filters"; no code found):
a priori compression trains the factors directly: every output filter is a sum of R outer products of
a channel vector U[o,r,:], a vertical filter A[o,r,:] and a horizontal filter B[o,r,:]. Equivalent
efficient path per (o, r): a 1x1 channel contraction, a kx1 then a 1xk depthwise filter, summed over r.
Small: R=1, k=5 on 64x64 wave-field grids.
"""

import math

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 1,
    "source": "A priori compression of convolutional neural networks for wave simulators",
    "subcategory": "conv_factorized",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "in_channels": 3, "out_channels": 4, "height": 11, "width": 9, "rank": 2},
        "small": {"batch_size": 16, "in_channels": 32, "out_channels": 32, "height": 64, "width": 64, "rank": 1},
        "large": {"batch_size": 64, "in_channels": 64, "out_channels": 64, "height": 256, "width": 256, "rank": 2},
    },
}

batch_size = 16
in_channels = 32
out_channels = 32
height = 64
width = 64
rank = 1
kernel_size = 5


class Model(nn.Module):
    def __init__(self, in_channels: int, out_channels: int, kernel_size: int, rank: int):
        super().__init__()
        self.kernel_size = kernel_size
        self.u = nn.Parameter(torch.empty(out_channels, rank, in_channels))
        self.a = nn.Parameter(torch.empty(out_channels, rank, kernel_size))
        self.b = nn.Parameter(torch.empty(out_channels, rank, kernel_size))
        self.bias = nn.Parameter(torch.empty(out_channels))
        fan_in = in_channels * kernel_size * kernel_size
        nn.init.uniform_(self.u, -math.sqrt(3.0 / (in_channels * rank)), math.sqrt(3.0 / (in_channels * rank)))
        nn.init.uniform_(self.a, -math.sqrt(3.0 / kernel_size), math.sqrt(3.0 / kernel_size))
        nn.init.uniform_(self.b, -math.sqrt(3.0 / kernel_size), math.sqrt(3.0 / kernel_size))
        nn.init.uniform_(self.bias, -1.0 / math.sqrt(fan_in), 1.0 / math.sqrt(fan_in))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        w = torch.einsum("orc,ori,orj->ocij", self.u, self.a, self.b)
        return F.conv2d(x, w, self.bias, padding=self.kernel_size // 2)


def get_inputs():
    return [torch.randn(batch_size, in_channels, height, width)]


def get_init_inputs():
    return [in_channels, out_channels, kernel_size, rank]
