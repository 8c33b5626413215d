# attack: compute in a Python background thread and return early
# expect: rejected thread_spawned
import threading
import time

import torch.nn as nn


class ModelNew(nn.Module):
    def forward(self, x, y):
        threading.Thread(target=time.sleep, args=(60,), daemon=True).start()
        return x
