"""MHAF-YOLO RepHMS block (width 3, depth 1, expansion 3, kernel K) on NCHW input, eval-mode BN: 1x1 Conv-BN-SiLU split into 3 parts, two cascaded depth bottlenecks built on multi-branch heterogeneous depthwise convs, concat, 1x1 Conv-BN-SiLU.

Paper operator (Reparameterized Heterogeneous Multi-Scale block, train-time multi-branch form):
x = SiLU(BN(Conv1x1(x))) -> (x0, x1, x2) of c = c_out/2 channels each; x1 <- DB(x1 + x0);
x2 <- DB(x2 + x1); out = SiLU(BN(Conv1x1(cat[x0, x1, x2]))). DB (DepthBottleneckUniv2, m = 3c):
Conv1x1-BN-SiLU(c->m) -> SiLU(HetDW) -> Conv1x1-BN-SiLU(m->m) -> SiLU(HetDW) -> Conv1x1-BN-SiLU(m->c).
HetDW(y) = BN(BN0(DW_K(y)) + sum_b BN_b(DW_kb(y))): all depthwise, stride 1, 'same' padding, not
dilated, no bias; kernel table K=9 -> {7,5,3}, K=7 -> {5,3}, K=5 -> {3,1}, K=3 -> {3,1}. BN is in eval
mode; the reference folds every BN and branch into its conv at run time (one K x K depthwise conv with
bias per HetDW, the deploy form), which is the same function of the train-time parameters.
"""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 3,
    "source": "MHAF-YOLO: Multi-Branch Heterogeneous Auxiliary Fusion YOLO",
    "subcategory": "conv_depthwise",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 1, "in_channels": 8, "out_channels": 8, "height": 9, "width": 11, "kernel_size": 5},
        "small": {"batch_size": 1, "in_channels": 128, "out_channels": 128, "height": 64, "width": 64,
                  "kernel_size": 5},
        "large": {"batch_size": 16, "in_channels": 256, "out_channels": 256, "height": 40, "width": 40,
                  "kernel_size": 7},
    },
}

batch_size = 1
in_channels = 128
out_channels = 128
height = 64
width = 64
kernel_size = 5

_SMALL_KERNELS = {9: [7, 5, 3], 7: [5, 3], 5: [3, 1], 3: [3, 1]}


def _trained_bn(c: int) -> nn.BatchNorm2d:
    """An eval-mode BatchNorm whose affine and running statistics look trained (not the identity)."""
    bn = nn.BatchNorm2d(c)
    nn.init.uniform_(bn.weight, 0.5, 1.5)
    nn.init.uniform_(bn.bias, -0.2, 0.2)
    nn.init.uniform_(bn.running_mean, -0.2, 0.2)
    nn.init.uniform_(bn.running_var, 0.5, 1.5)
    return bn


def _fold(weight: torch.Tensor, bias: torch.Tensor, bn: nn.BatchNorm2d):
    """(weight, bias) of conv followed by eval-mode BN, as one conv."""
    scale = bn.weight / torch.sqrt(bn.running_var + bn.eps)
    return weight * scale.view(-1, 1, 1, 1), (bias - bn.running_mean) * scale + bn.bias


class ConvBNSiLU(nn.Module):
    def __init__(self, c_in: int, c_out: int):
        super().__init__()
        self.conv = nn.Conv2d(c_in, c_out, 1, bias=False)
        self.bn = _trained_bn(c_out)

    def forward(self, x):
        w, b = _fold(self.conv.weight, torch.zeros_like(self.bn.bias), self.bn)  # == bn(conv(x))
        return F.silu(F.conv2d(x, w, b))


class HetDW(nn.Module):
    """BN(BN0(DW_K(x)) + sum_b BN_b(DW_kb(x))), all depthwise and non-dilated."""

    def __init__(self, c: int, k: int):
        super().__init__()
        self.k = k
        self.lk = nn.Conv2d(c, c, k, padding=k // 2, groups=c, bias=False)
        self.lk_bn = _trained_bn(c)
        self.small = nn.ModuleList(nn.Conv2d(c, c, kb, padding=kb // 2, groups=c, bias=False)
                                   for kb in _SMALL_KERNELS[k])
        self.small_bns = nn.ModuleList(_trained_bn(c) for _ in _SMALL_KERNELS[k])
        self.norm = _trained_bn(c)

    def forward(self, x):
        # The branches are linear: their sum is one K x K depthwise conv with bias (each small kernel
        # centred in the K x K window, every BN folded in), the block's deploy-time form.
        k = self.k
        zero = torch.zeros_like(self.lk_bn.bias)
        w, b = _fold(self.lk.weight, zero, self.lk_bn)
        for conv, bn in zip(self.small, self.small_bns, strict=True):
            wb, bb = _fold(conv.weight, zero, bn)
            w = w + F.pad(wb, [(k - conv.kernel_size[0]) // 2] * 4)
            b = b + bb
        w, b = _fold(w, b, self.norm)
        return F.conv2d(x, w, b, padding=k // 2, groups=x.shape[1])


class DepthBottleneck(nn.Module):
    def __init__(self, c: int, k: int, expansion: int):
        super().__init__()
        m = c * expansion
        self.conv1 = ConvBNSiLU(c, m)
        self.dw1 = HetDW(m, k)
        self.one_conv = ConvBNSiLU(m, m)
        self.dw2 = HetDW(m, k)
        self.one_conv2 = ConvBNSiLU(m, c)

    def forward(self, x):
        y = self.conv1(x)
        y = F.silu(self.dw1(y))
        y = self.one_conv(y)
        y = F.silu(self.dw2(y))
        return self.one_conv2(y)


class Model(nn.Module):
    def __init__(self, in_channels: int, out_channels: int, kernel_size: int, parts: int = 3, expansion: int = 3):
        super().__init__()
        self.c = out_channels // 2
        self.conv1 = ConvBNSiLU(in_channels, self.c * parts)
        self.blocks = nn.ModuleList(DepthBottleneck(self.c, kernel_size, expansion) for _ in range(parts - 1))
        self.conv2 = ConvBNSiLU(self.c * parts, out_channels)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.conv1(x)
        parts = list(torch.split(x, self.c, dim=1))
        outs = [parts[0]]
        prev = parts[0]
        for i, block in enumerate(self.blocks):
            prev = block(parts[i + 1] + prev)
            outs.append(prev)
        return self.conv2(torch.cat(outs, dim=1))


def get_inputs():
    return [torch.randn(batch_size, in_channels, height, width)]


def get_init_inputs():
    return [in_channels, out_channels, kernel_size]
