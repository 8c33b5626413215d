# A probe (PyTorch-allowed track): fails loudly if the worker can see any secret-looking environment variable.
import os

import torch.nn as nn

LEAKED = sorted(k for k in os.environ if any(s in k.upper() for s in ("KEY", "TOKEN", "SECRET", "PASSWORD", "AWS_")))


class ModelNew(nn.Module):
    def forward(self, x, y):
        if LEAKED:
            raise RuntimeError(f"secrets visible to the candidate: {LEAKED}")
        return 2.0 * x + y
