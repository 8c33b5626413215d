"""SGConv layer: multi-scale kernel built from S short sub-kernels (linearly upsampled by 2^max(0,i-1), weighted by decay^(S-i-1), concatenated, L2-normalised), bidirectional FFT long convolution of a (B, H, L) sequence, D skip term, GELU, position-wise Linear H->H.

SGConv (Structured Global Convolution, What Makes Convolutional Models Great on Long Sequence Modeling?)
parameterises a global kernel with S = 1 + log2(L / kd) sub-kernels k_i (2, H, kd) (two directions):
k = cat_i(interp_linear(k_i * alpha^(S-i-1), scale 2^max(0, i-1))) has length L, alpha = 2 per channel
(linspace(decay_min, decay_max)), and is divided by its per-(direction, channel) L2 norm (the repo freezes
this norm at the first forward; it is recomputed here, which gives the same kernel). Bidirectional:
k = pad(k0, (0, L)) + pad(flip(k1), (L, 0)); y = irfft(rfft(u, 2L) * rfft(k, 2L))[..., :L] + D * u;
GELU; a Linear over channels with bias. L must be kd times a power of two.
"""

import math

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 2,
    "source": "What Makes Convolutional Models Great on Long Sequence Modeling? (SGConv)",
    "subcategory": "conv_fft_long",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "hidden": 4, "seq_len": 64, "kernel_dim": 8},
        "small": {"batch_size": 4, "hidden": 128, "seq_len": 1024, "kernel_dim": 32},
        "large": {"batch_size": 16, "hidden": 256, "seq_len": 16384, "kernel_dim": 32},
    },
}

batch_size = 4
hidden = 128
seq_len = 1024
kernel_dim = 32
decay_min = 2.0
decay_max = 2.0


class Model(nn.Module):
    def __init__(self, hidden: int, seq_len: int, kernel_dim: int, decay_min: float = 2.0, decay_max: float = 2.0):
        super().__init__()
        ratio = seq_len // kernel_dim
        assert ratio * kernel_dim == seq_len and ratio & (ratio - 1) == 0, "L must be kd * 2^m"
        self.num_scales = 1 + int(math.log2(ratio))
        self.kernel_list = nn.ParameterList(
            [nn.Parameter(torch.randn(2, hidden, kernel_dim)) for _ in range(self.num_scales)]
        )
        self.register_buffer("multiplier", torch.linspace(decay_min, decay_max, hidden).view(1, -1, 1))
        self.D = nn.Parameter(torch.randn(1, hidden))
        self.output_linear = nn.Linear(hidden, hidden)

    def forward(self, u: torch.Tensor) -> torch.Tensor:
        b, h, length = u.shape
        s = self.num_scales
        parts = []
        for i, ki in enumerate(self.kernel_list):
            part = ki * self.multiplier ** (s - i - 1)
            factor = 2 ** max(0, i - 1)
            if factor > 1:
                part = F.interpolate(part, scale_factor=factor, mode="linear")
            parts.append(part)
        k = torch.cat(parts, dim=-1)[..., :length]                           # (2, H, L)
        k = k / k.norm(dim=-1, keepdim=True)
        k = F.pad(k[:1], (0, length)) + F.pad(k[1:].flip(-1), (length, 0))  # (1, H, 2L)
        n = 2 * length
        y = torch.fft.irfft(torch.fft.rfft(u, n=n) * torch.fft.rfft(k, n=n), n=n)[..., :length]
        y = F.gelu(y + u * self.D.unsqueeze(-1))
        return self.output_linear(y.transpose(1, 2)).transpose(1, 2)


def get_inputs():
    return [torch.randn(batch_size, hidden, seq_len)]


def get_init_inputs():
    return [hidden, seq_len, kernel_dim, decay_min, decay_max]
