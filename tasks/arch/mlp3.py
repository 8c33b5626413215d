"""A three-layer perceptron (Linear-ReLU-Linear-ReLU-Linear) applied to a batch of feature vectors."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 3,
    "source": "KernelBench",
    "mirrors": "KernelBench/level3/1_MLP.py",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 4, "input_size": 48, "hidden1": 40, "hidden2": 24, "output_size": 10},
        "small": {"batch_size": 128, "input_size": 1024, "hidden1": 512, "hidden2": 256, "output_size": 128},
        "large": {"batch_size": 256, "input_size": 8192, "hidden1": 8192, "hidden2": 4096, "output_size": 1024},
    },
}

batch_size = 128
input_size = 1024
hidden1 = 512
hidden2 = 256
output_size = 128


class Model(nn.Module):
    def __init__(self, input_size: int, hidden1: int, hidden2: int, output_size: int):
        super().__init__()
        self.fc1 = nn.Linear(input_size, hidden1)
        self.fc2 = nn.Linear(hidden1, hidden2)
        self.fc3 = nn.Linear(hidden2, output_size)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = torch.relu(self.fc1(x))
        h = torch.relu(self.fc2(h))
        return self.fc3(h)


def get_inputs():
    return [torch.randn(batch_size, input_size)]


def get_init_inputs():
    return [input_size, hidden1, hidden2, output_size]
