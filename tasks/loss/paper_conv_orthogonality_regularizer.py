"""Orthogonal-convolution regulariser: Frobenius norm of conv2d(K, K, stride s, padding floor((k-1)/s)*s) minus the identity-at-centre tensor, for a kernel K (Co, Ci, k, k) used as both input batch and weight (scalar output).

The paper analyses the orthogonality regulariser of Wang et al. (2020): a convolution with kernel
K is orthogonal iff the self-convolution of the kernel, conv2d(K, K) with K (Co, Ci, k, k) fed as
a batch of Co inputs with Ci channels and as the weight, equals I_delta, the (Co, Co, m, m) tensor
that is delta_{o,o'} at the central tap and 0 elsewhere. L_orth = ||conv2d(K, K, stride=s,
padding=floor((k-1)/s)*s) - I_delta||_F. This task uses stride s=1 (output taps 2k-1).
"""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 2,
    "source": "Existence, Stability and Scalability of Orthogonal Convolutional Neural Networks",
    "subcategory": "other",
    "tolerance": {"atol": 1e-3, "rtol": 1e-3},
    "shapes": {
        "tiny": {"out_channels": 8, "in_channels": 6, "kernel_size": 3},
        "small": {"out_channels": 128, "in_channels": 128, "kernel_size": 3},
        "large": {"out_channels": 512, "in_channels": 512, "kernel_size": 3},
    },
}

out_channels = 128
in_channels = 128
kernel_size = 3
stride = 1


class Model(nn.Module):
    def __init__(self, stride: int):
        super().__init__()
        self.stride = stride

    def forward(self, kernel: torch.Tensor) -> torch.Tensor:
        co, _, k, _ = kernel.shape
        pad = ((k - 1) // self.stride) * self.stride
        out = F.conv2d(kernel, kernel, stride=self.stride, padding=pad)   # (Co, Co, m, m)
        ct = out.shape[-1] // 2
        target = torch.zeros_like(out)
        target[:, :, ct, ct] = torch.eye(co, dtype=out.dtype, device=out.device)
        return torch.linalg.vector_norm(out - target)


def get_inputs():
    # a kernel at He-init scale (std sqrt(2 / (Ci k k)))
    return [torch.randn(out_channels, in_channels, kernel_size, kernel_size)
            * (2.0 / (in_channels * kernel_size * kernel_size)) ** 0.5]


def get_init_inputs():
    return [stride]
