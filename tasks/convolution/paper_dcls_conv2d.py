"""DCLS 2-D convolution: build a dense s x s kernel by bilinearly scattering n learned weights at learned real-valued (row, col) positions, then a grouped (depthwise) stride-1 NCHW convolution with padding s//2 and bias.

Dilated convolution with learnable spacings (bilinear "v0" construction of the ICLR'23
paper): each (out, in/g) filter has n weights w_m and n positions P_m = (row, col), clamped to
[-(s//2), s//2]. With p = P + s//2, p0 = floor(p) and r = p - p0, weight w_m is spread over
the four taps p0, p0+(0,1), p0+(1,0), p0+(1,1) with bilinear weights (1-r_y)(1-r_x), (1-r_y)r_x,
r_y(1-r_x), r_y r_x; taps landing on index s are dropped. The dense kernel is then used in an
ordinary convolution. The ConvNeXt setting is depthwise with s=17, n=34.
"""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 1,
    "source": "Dilated convolution with learnable spacings (DCLS)",
    "subcategory": "conv_dilated",
    "shapes": {
        "tiny": {"batch_size": 1, "channels": 4, "height": 12, "width": 12, "dilated_size": 5, "num_taps": 4},
        "small": {"batch_size": 1, "channels": 48, "height": 40, "width": 40, "dilated_size": 17, "num_taps": 34},
        "large": {"batch_size": 128, "channels": 96, "height": 56, "width": 56, "dilated_size": 17, "num_taps": 34},
    },
}

batch_size = 1
channels = 48
height = 40
width = 40
dilated_size = 17
num_taps = 34


class Model(nn.Module):
    def __init__(self, channels: int, dilated_size: int, num_taps: int):
        super().__init__()
        self.s = dilated_size
        groups = channels  # depthwise, as in DCLS-ConvNeXt
        self.groups = groups
        cin = channels // groups
        self.weight = nn.Parameter(torch.empty(channels, cin, num_taps))
        nn.init.kaiming_uniform_(self.weight, a=5 ** 0.5)
        lim = dilated_size // 2
        self.P = nn.Parameter((torch.randn(2, channels, cin, num_taps) * (lim / 2.0)).clamp(-lim, lim))
        bound = 1.0 / (cin * num_taps) ** 0.5
        self.bias = nn.Parameter(torch.empty(channels).uniform_(-bound, bound))

    def construct_kernel(self) -> torch.Tensor:
        s = self.s
        lim = s // 2
        p = self.P.clamp(-lim, lim) + lim                    # (2, Co, Ci, n) in [0, s-1]
        p0 = torch.floor(p)
        r = p - p0
        idx = p0.long()
        # separable bilinear weights along rows and columns, over s+1 slots (slot s is dropped)
        ay = (F.one_hot(idx[0], s + 1) * (1.0 - r[0]).unsqueeze(-1)
              + F.one_hot(idx[0] + 1, s + 1) * r[0].unsqueeze(-1))
        ax = (F.one_hot(idx[1], s + 1) * (1.0 - r[1]).unsqueeze(-1)
              + F.one_hot(idx[1] + 1, s + 1) * r[1].unsqueeze(-1))
        kernel = torch.einsum("ocm,ocmi,ocmj->ocij", self.weight, ay[..., :s], ax[..., :s])
        return kernel

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        kernel = self.construct_kernel()
        return F.conv2d(x, kernel, self.bias, padding=self.s // 2, groups=self.groups)


def get_inputs():
    return [torch.randn(batch_size, channels, height, width)]


def get_init_inputs():
    return [channels, dilated_size, num_taps]
