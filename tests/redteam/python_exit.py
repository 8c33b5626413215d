# attack: exit the process during the trials, hoping for a default verdict
# expect: rejected process_exit
import os

import torch.nn as nn


class ModelNew(nn.Module):
    def forward(self, x, y):
        os._exit(0)
