"""HyperZ.Z.W operator (Terminator): four local branches (depthwise k x k conv of z with context-modulated hyper-kernels, k = 3, 5, 7, 9, then 1x1 conv, batch-statistics BN without affine, GELU) and one global branch ((z * W_g) @ z per (b, c)), concatenated along channels (NCHW, square maps).

HyperZ.Z.W connects slow-net hyper-kernels W with fast activations Z by elementwise products followed by
convolution of Z with the context-dependent kernel. Local branch with kernel size k: the hyper-kernel
hk (C, k, k) (produced by the coordinate-MLP slow net; an input here) is modulated by the context
ctx = mean_batch(AdaptiveAvgPool_k(z)) (C, k, k), W = hk * ctx is shared across the batch, and
y_k = GELU(BN(Conv1x1(DWConv_k(z; W, padding k//2)))) where BN normalises with the batch's own
statistics (no affine, eps 1e-5; a 1x1-conv bias would cancel in it, so it is omitted). Global branch:
y_g = (z * W_g) @ z, an N x N matrix product per (b, c) with the N x N global hyper-kernel W_g (C, N, N).
Output: cat(y_3, y_5, y_7, y_9, y_g) along channels, (B, 5C, N, N).
"""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 2,
    "source": "HyperZ·Z·W Operator Connects Slow-Fast Networks (Terminator)",
    "subcategory": "conv_dynamic",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "channels": 4, "size": 12},
        "small": {"batch_size": 4, "channels": 64, "size": 32},
        "large": {"batch_size": 64, "channels": 288, "size": 32},
    },
}

batch_size = 4
channels = 64
size = 32
KERNEL_SIZES = (3, 5, 7, 9)


class Model(nn.Module):
    def __init__(self, channels: int):
        super().__init__()
        self.mixers = nn.ModuleList()
        for _ in KERNEL_SIZES:
            mixer = nn.Conv2d(channels, channels, 1, bias=False)
            nn.init.kaiming_normal_(mixer.weight)
            self.mixers.append(mixer)

    def forward(self, z, hk3, hk5, hk7, hk9, w_g):
        c = z.shape[1]
        outs = []
        for hk, mixer in zip((hk3, hk5, hk7, hk9), self.mixers):
            k = hk.shape[-1]
            ctx = F.adaptive_avg_pool2d(z, k).mean(dim=0)                    # (C, k, k)
            w = (hk * ctx).view(c, 1, k, k)
            y = F.conv2d(z, w, padding=k // 2, groups=c)
            y = mixer(y)
            y = F.batch_norm(y, None, None, training=True, eps=1e-5)
            outs.append(F.gelu(y))
        outs.append(torch.matmul(z * w_g, z))
        return torch.cat(outs, dim=1)


def get_inputs():
    z = torch.randn(batch_size, channels, size, size)
    hks = [torch.randn(channels, k, k) for k in KERNEL_SIZES]
    w_g = torch.randn(channels, size, size)
    return [z, *hks, w_g]


def get_init_inputs():
    return [channels]
