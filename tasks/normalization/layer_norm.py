"""LayerNorm over the last (hidden) dimension of a (batch, seq, hidden) tensor, with a learned elementwise affine."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 1,
    "source": "KernelBench",
    "mirrors": "KernelBench/level1/40_LayerNorm.py",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "seq_len": 5, "hidden": 300},
        "small": {"batch_size": 16, "seq_len": 256, "hidden": 768},
        "large": {"batch_size": 16, "seq_len": 4096, "hidden": 1024},
    },
}

batch_size = 16
seq_len = 256
hidden = 768


class Model(nn.Module):
    def __init__(self, hidden: int, eps: float = 1e-5):
        super().__init__()
        self.ln = nn.LayerNorm(hidden, eps=eps, elementwise_affine=True)
        # Non-trivial affine parameters, so that the output really depends on them.
        with torch.no_grad():
            self.ln.weight.normal_(1.0, 0.2)
            self.ln.bias.normal_(0.0, 0.2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.ln(x)


def get_inputs():
    return [torch.randn(batch_size, seq_len, hidden)]


def get_init_inputs():
    return [hidden]
