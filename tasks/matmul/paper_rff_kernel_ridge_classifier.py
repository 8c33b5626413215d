"""Random-Fourier-feature kernel ridge classifier: phi(h) = sqrt(2/D) cos(h Omega + b), alpha = (Phi_m Phi_m^T + lambda I)^-1 onehot(y_m), logits = Phi_q Phi_m^T alpha for the query features.

Generative kernel continual learning classifies with a kernel ridge regressor fitted, per task,
on a small set of generated (replayed) samples instead of a stored coreset. With random Fourier
features phi(h) = sqrt(2/D) cos(h Omega + b) (Omega, b drawn once and kept as buffers) of the
m memory features h_m and their one-hot labels Y_m, alpha = (Phi_m Phi_m^T + lambda I)^-1 Y_m
and the query predictions are Phi_q Phi_m^T alpha. INFERRED from the abstract (no code); the
RBF bandwidth is sqrt(d) and lambda = 0.1.
"""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 2,
    "source": "Generative Kernel Continual Learning",
    "subcategory": "conv_random_features",
    "tolerance": {"atol": 1e-3, "rtol": 1e-3},
    "shapes": {
        "tiny": {"num_memory": 12, "num_query": 20, "feat_dim": 8, "num_features": 32, "num_classes": 3},
        "small": {"num_memory": 200, "num_query": 1000, "feat_dim": 160, "num_features": 1024, "num_classes": 5},
        "large": {"num_memory": 2000, "num_query": 10000, "feat_dim": 512, "num_features": 4096, "num_classes": 10},
    },
}

num_memory = 200
num_query = 1000
feat_dim = 160
num_features = 1024
num_classes = 5
ridge = 0.1


class Model(nn.Module):
    def __init__(self, feat_dim: int, num_features: int, num_classes: int, ridge: float):
        super().__init__()
        self.num_classes = num_classes
        self.ridge = ridge
        self.scale = (2.0 / num_features) ** 0.5
        self.register_buffer("omega", torch.randn(feat_dim, num_features) / feat_dim ** 0.5)
        self.register_buffer("phase", 2.0 * torch.pi * torch.rand(num_features))

    def features(self, h: torch.Tensor) -> torch.Tensor:
        return self.scale * torch.cos(h @ self.omega + self.phase)

    def forward(self, h_memory: torch.Tensor, y_memory: torch.Tensor, h_query: torch.Tensor) -> torch.Tensor:
        phi_m = self.features(h_memory)                         # (m, D)
        phi_q = self.features(h_query)                          # (q, D)
        y = F.one_hot(y_memory, self.num_classes).to(phi_m.dtype)
        gram = phi_m @ phi_m.T
        gram = gram + self.ridge * torch.eye(gram.shape[0], dtype=gram.dtype, device=gram.device)
        alpha = torch.linalg.solve(gram, y)                     # (m, classes)
        return (phi_q @ phi_m.T) @ alpha


def get_inputs():
    h_memory = torch.randn(num_memory, feat_dim)
    y_memory = torch.randint(0, num_classes, (num_memory,))
    h_query = torch.randn(num_query, feat_dim)
    return [h_memory, y_memory, h_query]


def get_init_inputs():
    return [feat_dim, num_features, num_classes, ridge]
