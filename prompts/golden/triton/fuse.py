# task: fuse/linear_scale_residual_relu
import torch
import torch.nn as nn
import triton
import triton.language as tl


@triton.jit
def linear_scale_residual_relu_kernel(
    x_ptr, w_ptr, b_ptr, out_ptr, M, N, K, scale,
    stride_xm, stride_xk, stride_wn, stride_wk, stride_om, stride_on,
    BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr, BLOCK_K: tl.constexpr,
):
    # out = relu((x @ w^T + b) * scale + x), one kernel: the residual x[m, n] is read in the epilogue
    # (the layer is square, so the output column n indexes x's column n).
    pid_m = tl.program_id(0)
    pid_n = tl.program_id(1)
    offs_m = pid_m * BLOCK_M + tl.arange(0, BLOCK_M)
    offs_n = pid_n * BLOCK_N + tl.arange(0, BLOCK_N)
    offs_k = tl.arange(0, BLOCK_K)
    mask_m = offs_m < M
    mask_n = offs_n < N
    x_ptrs = x_ptr + offs_m[:, None] * stride_xm + offs_k[None, :] * stride_xk
    w_ptrs = w_ptr + offs_k[:, None] * stride_wk + offs_n[None, :] * stride_wn

    acc = tl.zeros((BLOCK_M, BLOCK_N), dtype=tl.float32)
    for k0 in range(0, K, BLOCK_K):
        k_ok = (k0 + offs_k) < K
        x = tl.load(x_ptrs, mask=mask_m[:, None] & k_ok[None, :], other=0.0)
        w = tl.load(w_ptrs, mask=k_ok[:, None] & mask_n[None, :], other=0.0)
        acc = tl.dot(x, w, acc, input_precision="ieee")  # full fp32, not tf32
        x_ptrs += BLOCK_K * stride_xk
        w_ptrs += BLOCK_K * stride_wk

    mask = mask_m[:, None] & mask_n[None, :]
    bias = tl.load(b_ptr + offs_n, mask=mask_n, other=0.0)
    resid = tl.load(x_ptr + offs_m[:, None] * stride_xm + offs_n[None, :] * stride_xk, mask=mask, other=0.0)
    y = (acc + bias[None, :]) * scale + resid
    y = tl.maximum(y, 0.0)
    tl.store(out_ptr + offs_m[:, None] * stride_om + offs_n[None, :] * stride_on, y, mask=mask)


class ModelNew(nn.Module):
    def __init__(self, features: int, scaling_factor: float):
        super().__init__()
        self.linear = nn.Linear(features, features)
        self.scaling_factor = scaling_factor

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        M, K = x.shape
        w = self.linear.weight
        N = w.shape[0]
        out = torch.empty((M, N), device=x.device, dtype=torch.float32)
        if M >= 1024 and N >= 1024:
            BLOCK_M, BLOCK_N, BLOCK_K, warps = 128, 128, 32, 8
        else:
            BLOCK_M, BLOCK_N, BLOCK_K, warps = 64, 64, 32, 4
        grid = (triton.cdiv(M, BLOCK_M), triton.cdiv(N, BLOCK_N))
        linear_scale_residual_relu_kernel[grid](
            x, w, self.linear.bias, out, M, N, K, float(self.scaling_factor),
            x.stride(0), x.stride(1), w.stride(0), w.stride(1), out.stride(0), out.stride(1),
            BLOCK_M=BLOCK_M, BLOCK_N=BLOCK_N, BLOCK_K=BLOCK_K, num_warps=warps, num_stages=3,
        )
        return out
