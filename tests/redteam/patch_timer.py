# attack: patch the clock so timed calls look instantaneous
# expect: rejected monkey_patch
import time as clock

import torch.nn as nn

_start = clock.perf_counter_ns()
clock.perf_counter_ns = lambda: _start


class ModelNew(nn.Module):
    def forward(self, x, y):
        return x
