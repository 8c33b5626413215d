"""LeNet-5 on 1x32x32 images: conv5x5(6)-ReLU-maxpool2, conv5x5(16)-ReLU-maxpool2, then Linear 400-120-84-num_classes with ReLUs."""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 3,
    "source": "KernelBench",
    "mirrors": "KernelBench/level3/4_LeNet5.py",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "num_classes": 10},
        "small": {"batch_size": 128, "num_classes": 10},
        "large": {"batch_size": 8192, "num_classes": 20},
    },
}

batch_size = 128
num_classes = 10


class Model(nn.Module):
    def __init__(self, num_classes: int):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, kernel_size=5)
        self.conv2 = nn.Conv2d(6, 16, kernel_size=5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = F.max_pool2d(torch.relu(self.conv1(x)), 2)
        x = F.max_pool2d(torch.relu(self.conv2(x)), 2)
        x = x.flatten(1)
        x = torch.relu(self.fc1(x))
        x = torch.relu(self.fc2(x))
        return self.fc3(x)


def get_inputs():
    return [torch.randn(batch_size, 1, 32, 32)]


def get_init_inputs():
    return [num_classes]
