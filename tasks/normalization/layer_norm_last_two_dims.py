"""LayerNorm over the last two dims (H, W) of an NCHW tensor, with a learned (H, W) elementwise affine (nn.LayerNorm((H, W)))."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "channels": 3, "height": 8, "width": 12},
        "small": {"batch_size": 16, "channels": 32, "height": 64, "width": 64},
        "large": {"batch_size": 64, "channels": 64, "height": 128, "width": 128},
    },
}

batch_size = 16
channels = 32
height = 64
width = 64


class Model(nn.Module):
    def __init__(self, height: int, width: int, eps: float = 1e-5):
        super().__init__()
        self.ln = nn.LayerNorm((height, width), eps=eps, elementwise_affine=True)
        with torch.no_grad():
            self.ln.weight.normal_(1.0, 0.2)
            self.ln.bias.normal_(0.0, 0.2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.ln(x)


def get_inputs():
    return [torch.randn(batch_size, channels, height, width)]


def get_init_inputs():
    return [height, width]
