"""DFYP adaptive-operator conv on NCHW input: per-sample, per-channel 3x3 depthwise kernel = softmax-gated mix of {Sobel-x, Sobel-y, Laplacian, Scharr-x, Scharr-y, learnable} (gates from GAP -> FC -> ReLU -> FC), pad 1, then out = x + Conv1x1(ReLU(y)).

Paper operator (INFERRED: the paper has no public code; this follows its abstract's "adaptive operator
learning" of edge operators): gates g = softmax_o(FC2(ReLU(FC1(GAP(x))))) in R^{B x C x 6} (hidden
C/4); each sample gets its own depthwise kernel k_{b,c} = sum_o g_{b,c,o} Bank_{c,o}, where the bank
holds five fixed 3x3 edge operators and one learnable 3x3 kernel per channel; y = DWConv3x3(x; k_b)
with padding 1 and no bias; out = x + Conv1x1(ReLU(y)) (with bias).
"""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 2,
    "source": "DFYP: Dynamic Fusion Framework … Adaptive Operator Learning for Crop Yield Prediction",
    "subcategory": "conv_dynamic",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "channels": 8, "height": 12, "width": 10},
        "small": {"batch_size": 8, "channels": 64, "height": 64, "width": 64},
        "large": {"batch_size": 64, "channels": 64, "height": 128, "width": 128},
    },
}

batch_size = 8
channels = 64
height = 64
width = 64

_FIXED_OPERATORS = [
    [[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]],  # Sobel-x
    [[-1.0, -2.0, -1.0], [0.0, 0.0, 0.0], [1.0, 2.0, 1.0]],  # Sobel-y
    [[0.0, 1.0, 0.0], [1.0, -4.0, 1.0], [0.0, 1.0, 0.0]],  # Laplacian
    [[-3.0, 0.0, 3.0], [-10.0, 0.0, 10.0], [-3.0, 0.0, 3.0]],  # Scharr-x
    [[-3.0, -10.0, -3.0], [0.0, 0.0, 0.0], [3.0, 10.0, 3.0]],  # Scharr-y
]


class Model(nn.Module):
    def __init__(self, channels: int):
        super().__init__()
        self.num_ops = len(_FIXED_OPERATORS) + 1
        hidden = max(channels // 4, 1)
        self.fc1 = nn.Linear(channels, hidden)
        self.fc2 = nn.Linear(hidden, channels * self.num_ops)
        self.learned = nn.Parameter(torch.empty(channels, 3, 3))
        nn.init.kaiming_uniform_(self.learned.view(channels, 1, 3, 3), a=5 ** 0.5)
        # the fixed operators are integer-valued; kept as int8 so the only float weights are learnable ones
        self.register_buffer("fixed", torch.tensor(_FIXED_OPERATORS).to(torch.int8))
        self.proj = nn.Conv2d(channels, channels, 1, bias=True)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        b, c, h, w = x.shape
        gap = x.mean(dim=(2, 3))  # (B, C)
        g = self.fc2(F.relu(self.fc1(gap))).view(b, c, self.num_ops)
        g = torch.softmax(g, dim=-1)
        bank = torch.cat([
            self.fixed.to(x.dtype).unsqueeze(0).expand(c, -1, -1, -1),  # (C, 5, 3, 3)
            self.learned.unsqueeze(1),  # (C, 1, 3, 3)
        ], dim=1)  # (C, 6, 3, 3)
        kernels = torch.einsum("bco,cokl->bckl", g, bank)  # (B, C, 3, 3)
        y = F.conv2d(x.reshape(1, b * c, h, w), kernels.reshape(b * c, 1, 3, 3), padding=1, groups=b * c)
        y = y.view(b, c, h, w)
        return x + self.proj(F.relu(y))


def get_inputs():
    return [torch.randn(batch_size, channels, height, width)]


def get_init_inputs():
    return [channels]
