"""Long-convolution layer: squashed (soft-thresholded) length-L kernels, bidirectional FFT convolution of a (B, H, L) sequence per channel copy, D skip term, GELU, then a position-wise Linear 2H->2H with GLU back to H channels.

Simple Hardware-Efficient Long Convolutions (safari LongConv). The kernel parameters K (2c, H, L) are
squashed, k = sign(K) * ReLU(|K| - lambda) (lambda = 0.003; kernel dropout is train-only), and combined
bidirectionally, k = pad(k0, (0, L)) + pad(flip(k1), (L, 0)) for the two halves of the 2c copies. The
convolution is done with FFTs of size 2L: y = irfft(rfft(u, 2L) * rfft(k, 2L))[..., :L] for each of the
c kernel copies, y += D * u, the (c, H) axes are flattened to cH = 2H channels, GELU, a Linear over
channels to 2H outputs, and GLU over channels. FlashButterfly / FlashFFTConv are the fast-path targets.
"""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 2,
    "source": "Simple Hardware-Efficient Long Convolutions for Sequence Modeling",
    "subcategory": "conv_fft_long",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "hidden": 8, "seq_len": 64},
        "small": {"batch_size": 2, "hidden": 128, "seq_len": 2048},
        "large": {"batch_size": 16, "hidden": 256, "seq_len": 16384},
    },
}

batch_size = 2
hidden = 128
seq_len = 2048
kernel_channels = 2
squash_lambda = 0.003


class Model(nn.Module):
    def __init__(self, hidden: int, seq_len: int, kernel_channels: int = 2, squash_lambda: float = 0.003):
        super().__init__()
        self.c = kernel_channels
        self.lam = squash_lambda
        # bidirectional: 2c kernels of length L (init scale 0.02, as the repo's double_exp init)
        self.kernel = nn.Parameter(torch.randn(2 * kernel_channels, hidden, seq_len) * 0.02)
        self.D = nn.Parameter(torch.randn(kernel_channels, hidden))
        self.output_linear = nn.Linear(kernel_channels * hidden, 2 * hidden)

    def forward(self, u: torch.Tensor) -> torch.Tensor:
        b, h, length = u.shape
        k = torch.sign(self.kernel) * F.relu(self.kernel.abs() - self.lam)
        k0, k1 = k[: self.c], k[self.c:]
        k = F.pad(k0, (0, length)) + F.pad(k1.flip(-1), (length, 0))       # (c, H, 2L)
        n = 2 * length
        k_f = torch.fft.rfft(k, n=n)
        u_f = torch.fft.rfft(u, n=n)
        y = torch.fft.irfft(u_f.unsqueeze(1) * k_f.unsqueeze(0), n=n)[..., :length]   # (B, c, H, L)
        y = y + u.unsqueeze(1) * self.D.unsqueeze(-1)
        y = F.gelu(y.reshape(b, self.c * h, length))
        y = self.output_linear(y.transpose(1, 2)).transpose(1, 2)            # (B, 2H, L)
        return F.glu(y, dim=1)


def get_inputs():
    return [torch.randn(batch_size, hidden, seq_len)]


def get_init_inputs():
    return [hidden, seq_len, kernel_channels, squash_lambda]
