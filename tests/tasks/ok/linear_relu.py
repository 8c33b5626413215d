"""relu(x @ W^T + b): a task with weights, for the tests of seeded parameter matching."""

import torch
import torch.nn as nn

batch, features = 32, 64


class Model(nn.Module):
    def __init__(self, features):
        super().__init__()
        self.fc = nn.Linear(features, features)

    def forward(self, x):
        return torch.relu(self.fc(x))


def get_inputs():
    return [torch.randn(batch, features)]


def get_init_inputs():
    return [features]
