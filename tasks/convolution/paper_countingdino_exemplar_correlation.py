"""CountingDINO exemplar-prototype correlation: for each of 3 prototypes P_e (C,h_e,w_e), the unpadded depthwise cross-correlation of the feature map F (1,C,H,W) with P_e, each map bilinearly resized (align_corners=False) to the largest output size, mean over exemplars and channels, min-max normalised -> (Hm,Wm).

Paper operator (training-free class-agnostic counting): DINOv2 features of the image are correlated
with prototypes ROI-aligned from the exemplar boxes, used as depthwise conv filters
(S_e = conv2d(F, P_e.view(C,1,h_e,w_e), groups=C), no padding). The per-exemplar maps have sizes
(H-h_e+1, W-w_e+1); all are resized to (max height, max width), concatenated over exemplars and
channels, averaged and min-max normalised into a density map. ROI-align of the prototypes and the
ROI-sum normalisation that follows are out of scope. Since resizing is linear, the channel mean of a
depthwise output equals (1/C) times a dense single-output conv, which a fast kernel can exploit.
"""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 2,
    "source": "CountingDINO: A Training-free Pipeline for Class-Agnostic Counting",
    "subcategory": "conv_dynamic",
    "tolerance": {"atol": 1e-4, "rtol": 1e-4},
    "shapes": {
        "tiny": {"channels": 8, "height": 12, "width": 12, "ex1_h": 3, "ex1_w": 2, "ex2_h": 2, "ex2_w": 2,
                 "ex3_h": 4, "ex3_w": 3},
        "small": {"channels": 768, "height": 60, "width": 60, "ex1_h": 5, "ex1_w": 4, "ex2_h": 4, "ex2_w": 4,
                  "ex3_h": 6, "ex3_w": 5},
        "large": {"channels": 1024, "height": 240, "width": 240, "ex1_h": 16, "ex1_w": 12, "ex2_h": 14,
                  "ex2_w": 14, "ex3_h": 18, "ex3_w": 15},
    },
}

channels = 768
height = 60
width = 60
ex1_h = 5
ex1_w = 4
ex2_h = 4
ex2_w = 4
ex3_h = 6
ex3_w = 5


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, feats: torch.Tensor, p1: torch.Tensor, p2: torch.Tensor, p3: torch.Tensor) -> torch.Tensor:
        c = feats.shape[1]
        maps = []
        for p in (p1, p2, p3):
            maps.append(F.conv2d(feats, p.unsqueeze(1), groups=c)[0])  # (C, H-h+1, W-w+1)
        max_h = max(m.shape[-2] for m in maps)
        max_w = max(m.shape[-1] for m in maps)
        resized = [F.interpolate(m.unsqueeze(1), size=(max_h, max_w), mode="bilinear", align_corners=False)
                   .squeeze(1) for m in maps]
        out = torch.cat(resized, dim=0).mean(dim=0)  # (Hm, Wm)
        return (out - out.min()) / (out.max() - out.min())


def get_inputs():
    feats = torch.randn(1, channels, height, width)
    return [
        feats,
        torch.randn(channels, ex1_h, ex1_w),
        torch.randn(channels, ex2_h, ex2_w),
        torch.randn(channels, ex3_h, ex3_w),
    ]


def get_init_inputs():
    return []
