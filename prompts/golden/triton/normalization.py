# task: normalization/layer_norm
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def layer_norm_kernel(x_ptr, w_ptr, b_ptr, out_ptr, N, eps, BLOCK: tl.constexpr):
    # One program per row of N features. Two passes for mean and variance (the variance as the mean of
    # squared deviations: no E[x^2] - E[x]^2 cancellation), then normalise + affine. When
    # BLOCK >= N each loop runs once and the re-reads hit the cache.
    row = tl.program_id(0)
    x_row = x_ptr + row.to(tl.int64) * N
    o_row = out_ptr + row.to(tl.int64) * N
    offs = tl.arange(0, BLOCK)

    acc = tl.zeros((BLOCK,), dtype=tl.float32)
    for c0 in range(0, N, BLOCK):
        cols = c0 + offs
        acc += tl.load(x_row + cols, mask=cols < N, other=0.0)
    mean = tl.sum(acc, axis=0) / N

    acc = tl.zeros((BLOCK,), dtype=tl.float32)
    for c0 in range(0, N, BLOCK):
        cols = c0 + offs
        x = tl.load(x_row + cols, mask=cols < N, other=0.0)
        d = tl.where(cols < N, x - mean, 0.0)
        acc += d * d
    var = tl.sum(acc, axis=0) / N   # biased variance, as nn.LayerNorm
    rstd = 1.0 / tl.sqrt(var + eps)

    for c0 in range(0, N, BLOCK):
        cols = c0 + offs
        mask = cols < N
        x = tl.load(x_row + cols, mask=mask, other=0.0)
        w = tl.load(w_ptr + cols, mask=mask, other=0.0)
        b = tl.load(b_ptr + cols, mask=mask, other=0.0)
        tl.store(o_row + cols, (x - mean) * rstd * w + b, mask=mask)


class ModelNew(nn.Module):
    def __init__(self, hidden: int, eps: float = 1e-5):
        super().__init__()
        # same module and same in-place init as the reference, so the affine parameters match
        self.ln = nn.LayerNorm(hidden, eps=eps, elementwise_affine=True)
        with torch.no_grad():
            self.ln.weight.normal_(1.0, 0.2)
            self.ln.bias.normal_(0.0, 0.2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous()
        N = x.shape[-1]
        rows = x.numel() // N
        out = torch.empty_like(x)
        BLOCK = min(4096, triton.next_power_of_2(N))
        layer_norm_kernel[(rows,)](x, self.ln.weight, self.ln.bias, out, N, float(self.ln.eps), BLOCK=BLOCK,
                                   num_warps=4 if BLOCK <= 1024 else 8)
        return out
