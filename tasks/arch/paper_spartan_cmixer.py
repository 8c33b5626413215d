"""SpaRTAN wave channel mixer (CMixer) block on NCHW input: 1x1 expansions theta=GELU(W_t x), w=W_p x gated with the argmax-channel term, complex-pair modulation by a learned complex vector, depthwise 3x3-BN-GELU, squeeze-excitation and a 1x1 projection back to C.

SpaRTAN's CMixer ("wave" channel aggregation) reduces channel redundancy: with i* = argmax_c x
(per pixel, over the C input channels), theta = GELU(Conv1x1_{C->eC}(x)) and w = Conv1x1_{C->eC}(x),
f = w * theta + w[i*] * theta[i*]; consecutive channel pairs of f are read as complex numbers and
multiplied by a learned complex vector (eC/2 entries); then GELU(BN(DWConv3x3(f))) (groups=eC,
stages 1-2), SE (GAP -> 1x1 to C/4 -> ReLU -> 1x1 -> sigmoid) and Conv1x1_{eC->C}. BN is
eval-mode (per-channel affine with running statistics).
"""

import torch
import torch.nn as nn
import torch.nn.functional as F

KBENCH = {
    "level": 3,
    "source": "SpaRTAN: Spatial Reinforcement Token-based Aggregation Network",
    "subcategory": "conv_dilated",
    "shapes": {
        "tiny": {"batch_size": 1, "channels": 8, "height": 9, "width": 11, "expand_ratio": 2},
        "small": {"batch_size": 2, "channels": 32, "height": 56, "width": 56, "expand_ratio": 4},
        "large": {"batch_size": 128, "channels": 64, "height": 28, "width": 28, "expand_ratio": 4},
    },
}

batch_size = 2
channels = 32
height = 56
width = 56
expand_ratio = 4


def _bn(dim: int) -> nn.BatchNorm2d:
    bn = nn.BatchNorm2d(dim, eps=1e-6)
    with torch.no_grad():  # trained-looking statistics, so the eval-mode affine is not the identity
        bn.weight.uniform_(0.5, 1.5)
        bn.bias.normal_(0.0, 0.1)
        bn.running_mean.normal_(0.0, 0.1)
        bn.running_var.uniform_(0.5, 1.5)
    return bn


class Model(nn.Module):
    def __init__(self, channels: int, expand_ratio: int):
        super().__init__()
        neck = channels * expand_ratio
        self.theta = nn.Conv2d(channels, neck, 1)
        self.proj = nn.Conv2d(channels, neck, 1)
        self.complex = nn.Parameter(torch.randn(neck // 2, 2))
        self.dw = nn.Conv2d(neck, neck, 3, padding=1, groups=neck, bias=False)
        self.bn = _bn(neck)
        self.se_squeeze = nn.Conv2d(neck, channels // 4, 1)
        self.se_expand = nn.Conv2d(channels // 4, neck, 1)
        self.proj_out = nn.Conv2d(neck, channels, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        b, _, h, w = x.shape
        idx = x.argmax(dim=1, keepdim=True)
        theta = F.gelu(self.theta(x))
        weight = self.proj(x)
        feat = weight * theta + weight.gather(1, idx) * theta.gather(1, idx)
        z = torch.view_as_complex(feat.permute(0, 2, 3, 1).reshape(b, h, w, -1, 2).contiguous())
        z = z * torch.view_as_complex(self.complex.contiguous())
        feat = torch.view_as_real(z).reshape(b, h, w, -1).permute(0, 3, 1, 2)
        y = F.gelu(self.bn(self.dw(feat)))
        s = torch.sigmoid(self.se_expand(F.relu(self.se_squeeze(F.adaptive_avg_pool2d(y, 1)))))
        return self.proj_out(y * s)


def get_inputs():
    return [torch.randn(batch_size, channels, height, width)]


def get_init_inputs():
    return [channels, expand_ratio]
