"""MLP autoencoder: encoder Linear-ReLU stack input -> hidden1 -> hidden2 -> latent, decoder latent -> hidden2 -> hidden1 -> input with ReLUs and a final sigmoid reconstruction."""

import torch
import torch.nn as nn

KBENCH = {
    "level": 3,
    "source": "PyTorch",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 4, "input_dim": 64, "hidden1": 32, "hidden2": 16, "latent_dim": 8},
        "small": {"batch_size": 256, "input_dim": 784, "hidden1": 512, "hidden2": 128, "latent_dim": 32},
        "large": {"batch_size": 8192, "input_dim": 4096, "hidden1": 2048, "hidden2": 1024, "latent_dim": 128},
    },
}

batch_size = 256
input_dim = 784
hidden1 = 512
hidden2 = 128
latent_dim = 32


class Model(nn.Module):
    def __init__(self, input_dim: int, hidden1: int, hidden2: int, latent_dim: int):
        super().__init__()
        self.encoder = nn.Sequential(
            nn.Linear(input_dim, hidden1), nn.ReLU(),
            nn.Linear(hidden1, hidden2), nn.ReLU(),
            nn.Linear(hidden2, latent_dim),
        )
        self.decoder = nn.Sequential(
            nn.Linear(latent_dim, hidden2), nn.ReLU(),
            nn.Linear(hidden2, hidden1), nn.ReLU(),
            nn.Linear(hidden1, input_dim),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.sigmoid(self.decoder(self.encoder(x)))


def get_inputs():
    return [torch.randn(batch_size, input_dim)]


def get_init_inputs():
    return [input_dim, hidden1, hidden2, latent_dim]
