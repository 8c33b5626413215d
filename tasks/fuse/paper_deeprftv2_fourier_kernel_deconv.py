"""DeepRFTv2 Fourier kernel estimation and feature deconvolution: rfft2 of kernel features -> 1x1 convs on the (Re, Im) frequency grid -> per-channel complex OTF -> irfft2(rfft2(y) * OTF) over NCHW features.

DeepRFTv2 learns the blur kernel at feature level in the Fourier domain. The kernel branch
takes X = rfft2(x_k) (norm "backward"), stacks (Re X, Im X) on channels and maps them with
a bias-free 1x1 conv (2C -> Cw) onto the half-spectrum grid (B, Cw, H, W/2+1). There NAF-type
blocks refine it; as the catalog prescribes, two 1x1 convs with a GELU (residual) stand in for
them. A final 1x1 conv (Cw -> 2C, with bias) gives the real and imaginary parts of a per-channel,
per-frequency complex kernel (OTF). The deconvolved feature is irfft2(rfft2(y) * OTF, s=(H, W)),
a circular convolution of y with the estimated kernel.
"""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 2,
    "source": "DeepRFTv2: Kernel-level Learning for Image Deblurring",
    "subcategory": "conv_dynamic",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 1, "channels": 6, "kernel_width": 4, "height": 12, "width": 10},
        "small": {"batch_size": 1, "channels": 48, "kernel_width": 32, "height": 96, "width": 96},
        "large": {"batch_size": 8, "channels": 48, "kernel_width": 32, "height": 256, "width": 256},
    },
}

batch_size = 1
channels = 48
kernel_width = 32
height = 96
width = 96


class Model(nn.Module):
    def __init__(self, channels: int, kernel_width: int):
        super().__init__()
        self.intro = nn.Conv2d(2 * channels, kernel_width, 1, bias=False)
        self.mid1 = nn.Conv2d(kernel_width, kernel_width, 1)
        self.mid2 = nn.Conv2d(kernel_width, kernel_width, 1)
        self.ending = nn.Conv2d(kernel_width, 2 * channels, 1)

    def forward(self, x_k: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        h_size, w_size = y.shape[-2:]
        xf = torch.fft.rfft2(x_k, norm="backward")
        h = self.intro(torch.cat([xf.real, xf.imag], dim=1))
        h = h + self.mid2(F.gelu(self.mid1(h)))
        ker_real, ker_imag = torch.chunk(self.ending(h), 2, dim=1)
        otf = torch.complex(ker_real, ker_imag)
        yf = torch.fft.rfft2(y, norm="backward")
        return torch.fft.irfft2(yf * otf, s=(h_size, w_size), norm="backward")


def get_inputs():
    return [torch.randn(batch_size, channels, height, width), torch.randn(batch_size, channels, height, width)]


def get_init_inputs():
    return [channels, kernel_width]
