# A probe (PyTorch-allowed track): fails loudly if it can reach the network or read what a sandbox must hide.
# The test replaces PORT and the paths below before evaluating it.
import os
import socket

import torch.nn as nn

PORT = 0
HIDDEN = []

found = []
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.settimeout(2.0)
if s.connect_ex(("127.0.0.1", PORT)) == 0:
    found.append(f"connected to 127.0.0.1:{PORT}")
s.close()
for path in HIDDEN:
    if os.access(path, os.R_OK) and os.path.isfile(path) and os.path.getsize(path) > 0:
        found.append(f"can read {path}")


class ModelNew(nn.Module):
    def forward(self, x, y):
        if found:
            raise RuntimeError("escaped the sandbox: " + "; ".join(found))
        return 2.0 * x + y
