"""One-layer GRU (nn.GRU, sequence-first) over a sequence from a given initial hidden state; returns the hidden state at every time step, (seq, batch, hidden)."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 3,
    "source": "KernelBench",
    "mirrors": "KernelBench/level3/39_GRU.py",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "seq_len": 6, "input_size": 8, "hidden_size": 16},
        "small": {"batch_size": 16, "seq_len": 32, "input_size": 64, "hidden_size": 128},
        "large": {"batch_size": 64, "seq_len": 512, "input_size": 256, "hidden_size": 1024},
    },
}

batch_size = 16
seq_len = 32
input_size = 64
hidden_size = 128


class Model(nn.Module):
    def __init__(self, input_size: int, hidden_size: int):
        super().__init__()
        self.gru = nn.GRU(input_size, hidden_size, num_layers=1)

    def forward(self, x: torch.Tensor, h0: torch.Tensor) -> torch.Tensor:
        out, _ = self.gru(x, h0)
        return out


def get_inputs():
    return [torch.randn(seq_len, batch_size, input_size), torch.randn(1, batch_size, hidden_size)]


def get_init_inputs():
    return [input_size, hidden_size]
