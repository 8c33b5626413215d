# task: optimizer/adam_step
import math

import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def adam_step_kernel(
    param_ptr, grad_ptr, exp_avg_ptr, exp_avg_sq_ptr, out_ptr, n,
    lr_over_bc1, beta1, one_minus_beta1, beta2, one_minus_beta2, sqrt_bc2, eps, weight_decay,
    BLOCK: tl.constexpr,
):
    # The reference is a pure function: it reads param/grad/moments and returns the new parameter
    # (the moments are not written back), so this kernel writes only `out`.
    pid = tl.program_id(0)
    offs = pid.to(tl.int64) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    p = tl.load(param_ptr + offs, mask=mask, other=0.0)
    g = tl.load(grad_ptr + offs, mask=mask, other=0.0)
    m = tl.load(exp_avg_ptr + offs, mask=mask, other=0.0)
    v = tl.load(exp_avg_sq_ptr + offs, mask=mask, other=0.0)
    g = g + weight_decay * p                        # L2 weight decay folded into the gradient
    m = beta1 * m + one_minus_beta1 * g
    v = beta2 * v + one_minus_beta2 * g * g
    denom = tl.sqrt_rn(v) / sqrt_bc2 + eps          # sqrt(v) / sqrt(1 - beta2^t) + eps
    tl.store(out_ptr + offs, p - lr_over_bc1 * (m / denom), mask=mask)


class ModelNew(nn.Module):
    def __init__(self, lr: float, beta1: float, beta2: float, eps: float, weight_decay: float, step: int):
        super().__init__()
        self.lr = lr
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
        self.weight_decay = weight_decay
        self.step = step

    def forward(self, param: torch.Tensor, grad: torch.Tensor, exp_avg: torch.Tensor,
                exp_avg_sq: torch.Tensor) -> torch.Tensor:
        param = param.contiguous()
        grad = grad.contiguous()
        exp_avg = exp_avg.contiguous()
        exp_avg_sq = exp_avg_sq.contiguous()
        out = torch.empty_like(param)
        n = param.numel()
        # host-side scalars (Python doubles, as in the reference), passed to the kernel as fp32
        bias_correction1 = 1.0 - self.beta1 ** self.step
        bias_correction2 = 1.0 - self.beta2 ** self.step
        BLOCK = 1024
        adam_step_kernel[(triton.cdiv(n, BLOCK),)](
            param, grad, exp_avg, exp_avg_sq, out, n,
            float(self.lr / bias_correction1), float(self.beta1), float(1.0 - self.beta1),
            float(self.beta2), float(1.0 - self.beta2), float(math.sqrt(bias_correction2)),
            float(self.eps), float(self.weight_decay),
            BLOCK=BLOCK, num_warps=4,
        )
        return out
