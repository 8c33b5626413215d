# Leaves a Python thread running after forward returns.
import threading
import time

import torch.nn as nn


class ModelNew(nn.Module):
    def forward(self, x, y):
        threading.Thread(target=time.sleep, args=(60,), daemon=True).start()
        return 2.0 * x + y
