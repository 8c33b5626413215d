"""Conv1d (kernel 5, padding 2, with bias) over an (N, C, L) sequence, ReLU, then the mean over the length dimension: (N, C_in, L) -> (N, C_out)."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 2,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "in_channels": 8, "out_channels": 12, "length": 40},
        "small": {"batch_size": 16, "in_channels": 32, "out_channels": 64, "length": 1024},
        "large": {"batch_size": 128, "in_channels": 256, "out_channels": 512, "length": 4096},
    },
}

batch_size = 16
in_channels = 32
out_channels = 64
length = 1024
kernel_size = 5


class Model(nn.Module):
    def __init__(self, in_channels: int, out_channels: int, kernel_size: int):
        super().__init__()
        self.conv = nn.Conv1d(in_channels, out_channels, kernel_size, padding=kernel_size // 2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.relu(self.conv(x)).mean(dim=-1)


def get_inputs():
    return [torch.randn(batch_size, in_channels, length)]


def get_init_inputs():
    return [in_channels, out_channels, kernel_size]
