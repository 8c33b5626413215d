"""A small VGG-style classifier: three stages of two 3x3 conv+ReLU layers and a 2x2 max pool (widths w, 2w, 4w), then Linear-ReLU-Linear on the flattened features."""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 3,
    "source": "Very Deep Convolutional Networks for Large-Scale Image Recognition",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"batch_size": 2, "image_size": 16, "width": 4, "num_classes": 10},
        "small": {"batch_size": 4, "image_size": 32, "width": 32, "num_classes": 10},
        "large": {"batch_size": 256, "image_size": 64, "width": 64, "num_classes": 1000},
    },
}

batch_size = 4
image_size = 32
width = 32
num_classes = 10


class Model(nn.Module):
    def __init__(self, image_size: int, width: int, num_classes: int):
        super().__init__()
        layers = []
        cin = 3
        for cout in (width, 2 * width, 4 * width):
            layers += [nn.Conv2d(cin, cout, 3, padding=1), nn.ReLU(),
                       nn.Conv2d(cout, cout, 3, padding=1), nn.ReLU(),
                       nn.MaxPool2d(2)]
            cin = cout
        self.features = nn.Sequential(*layers)
        flat = 4 * width * (image_size // 8) ** 2
        self.fc1 = nn.Linear(flat, 8 * width)
        self.fc2 = nn.Linear(8 * width, num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.features(x).flatten(1)
        return self.fc2(F.relu(self.fc1(x)))


def get_inputs():
    return [torch.randn(batch_size, 3, image_size, image_size)]


def get_init_inputs():
    return [image_size, width, num_classes]
