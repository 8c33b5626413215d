# task: loss/cross_entropy
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def cross_entropy_row_kernel(logits_ptr, targets_ptr, loss_ptr, C, stride_row, BLOCK_C: tl.constexpr):
    # One program per row: loss = logsumexp(row) - row[target]. The row is streamed in BLOCK_C chunks with
    # an online (running max, rescaled sum) logsumexp, so any number of classes fits.
    row = tl.program_id(0)
    base = logits_ptr + row.to(tl.int64) * stride_row
    offs = tl.arange(0, BLOCK_C)
    m = tl.full((BLOCK_C,), float("-inf"), dtype=tl.float32)  # per-lane running max
    s = tl.zeros((BLOCK_C,), dtype=tl.float32)                 # per-lane running sum of exp(x - m)
    for c0 in range(0, C, BLOCK_C):
        cols = c0 + offs
        x = tl.load(base + cols, mask=cols < C, other=float("-inf"))
        m_new = tl.maximum(m, x)
        # lanes that have seen only padding keep m = -inf: guard the (-inf) - (-inf) = NaN case
        m_safe = tl.where(m_new == float("-inf"), 0.0, m_new)
        s = s * tl.exp(m - m_safe) + tl.exp(x - m_safe)
        m = m_new
    row_max = tl.max(m, axis=0)
    total = tl.sum(s * tl.exp(m - row_max), axis=0)  # padding lanes: 0 * exp(-inf) = 0
    lse = row_max + tl.log(total)
    t = tl.load(targets_ptr + row)
    x_t = tl.load(base + t)
    tl.store(loss_ptr + row, lse - x_t)


@triton.jit
def mean_kernel(x_ptr, out_ptr, n, BLOCK: tl.constexpr):
    # single program: deterministic blocked sum of the per-row losses, then / n
    offs = tl.arange(0, BLOCK)
    acc = tl.zeros((BLOCK,), dtype=tl.float32)
    for i0 in range(0, n, BLOCK):
        idx = i0 + offs
        acc += tl.load(x_ptr + idx, mask=idx < n, other=0.0)
    tl.store(out_ptr, tl.sum(acc, axis=0) / n)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
        logits = logits.contiguous()
        targets = targets.contiguous()
        B, C = logits.shape
        losses = torch.empty((B,), device=logits.device, dtype=torch.float32)
        out = torch.empty((), device=logits.device, dtype=torch.float32)
        BLOCK_C = min(4096, triton.next_power_of_2(C))
        cross_entropy_row_kernel[(B,)](logits, targets, losses, C, logits.stride(0), BLOCK_C=BLOCK_C,
                                       num_warps=4 if BLOCK_C <= 1024 else 8)
        mean_kernel[(1,)](losses, out, B, BLOCK=1024, num_warps=4)
        return out
