"""One-layer LSTM (nn.LSTM, batch_first, zero initial state) over a short sequence, followed by a Linear layer on the last time step's hidden state."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 3,
    "source": "KernelBench",
    "mirrors": "KernelBench/level3/35_LSTM.py",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "seq_len": 6, "input_size": 8, "hidden_size": 16, "output_size": 4},
        "small": {"batch_size": 16, "seq_len": 32, "input_size": 64, "hidden_size": 128, "output_size": 10},
        "large": {"batch_size": 64, "seq_len": 512, "input_size": 256, "hidden_size": 1024, "output_size": 10},
    },
}

batch_size = 16
seq_len = 32
input_size = 64
hidden_size = 128
output_size = 10


class Model(nn.Module):
    def __init__(self, input_size: int, hidden_size: int, output_size: int):
        super().__init__()
        self.lstm = nn.LSTM(input_size, hidden_size, num_layers=1, batch_first=True)
        self.fc = nn.Linear(hidden_size, output_size)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out, _ = self.lstm(x)
        return self.fc(out[:, -1, :])


def get_inputs():
    return [torch.randn(batch_size, seq_len, input_size)]


def get_init_inputs():
    return [input_size, hidden_size, output_size]
