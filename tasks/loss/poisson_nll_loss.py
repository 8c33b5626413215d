"""Poisson negative log-likelihood with log-rate inputs (log_input=True, full=False): mean(exp(x) - target * x)."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "domain": "positive",
    "shapes": {
        "tiny": {"batch_size": 16, "dim": 128},
        "small": {"batch_size": 2048, "dim": 1024},
        "large": {"batch_size": 65536, "dim": 16384},
    },
}

batch_size = 2048
dim = 1024


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, log_rate: torch.Tensor, counts: torch.Tensor) -> torch.Tensor:
        return nn.functional.poisson_nll_loss(log_rate, counts, log_input=True, full=False, reduction="mean")


def get_inputs():
    log_rate = torch.randn(batch_size, dim) * 0.5 + 1.0
    counts = torch.poisson(torch.exp(log_rate))  # non-negative counts drawn at those rates
    return [log_rate, counts]


def get_init_inputs():
    return []
