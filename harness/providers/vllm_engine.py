"""``vllm/<hf-model>``: the vLLM engine in kbench's own process (optional extra ``.[vllm]``).

vLLM is imported only when such a model is asked for. The engine is synchronous and fastest on batches,
so requests that arrive together (up to ``--concurrency``) are sent to ``LLM.chat`` as one batch, in a
thread, while the driver goes on evaluating. Engine options come from ``KBENCH_VLLM_ARGS`` (JSON, e.g.
``{"tensor_parallel_size": 2, "max_model_len": 32768}``). No API cost is counted for a local engine.
"""

from __future__ import annotations

import asyncio
import json
import os
from typing import Any

from ..errors import UsageError
from .base import Provider, ProviderError, Request, Response

MISSING = (
    "vllm/... runs the vLLM engine in-process, and vllm is not installed here: pip install -e '.[vllm]' "
    "on a GPU machine (vllm pins its own torch), or serve the model with `vllm serve MODEL` and use "
    "--model openai/MODEL --base-url http://HOST:8000/v1"
)


class VLLMProvider(Provider):
    name = "vllm"
    remote = False

    def __init__(self, model: str, batch_size: int = 8, engine_args: dict[str, Any] | None = None) -> None:
        try:
            import vllm
        except ImportError:
            raise UsageError(MISSING) from None
        if not model:
            raise UsageError("give the Hugging Face model after 'vllm/', e.g. vllm/Qwen/QwQ-32B")
        self.model = model
        self._vllm = vllm
        if engine_args is None:
            raw = os.environ.get("KBENCH_VLLM_ARGS", "")
            try:
                engine_args = json.loads(raw) if raw else {}
            except ValueError as exc:
                raise UsageError(f"KBENCH_VLLM_ARGS is not JSON: {exc}") from None
        self.engine_args = dict(engine_args or {})
        self.batch_size = max(1, batch_size)
        self._llm: Any = None
        self._queue: list[tuple[Request, asyncio.Future[Response]]] = []
        self._wake: asyncio.Event | None = None
        self._runner: asyncio.Task[None] | None = None

    def cache_identity(self) -> dict[str, Any]:
        return {"provider": self.name, "model": self.model, "engine_args": self.engine_args}

    def _engine(self) -> Any:
        if self._llm is None:
            self._llm = self._vllm.LLM(model=self.model, **self.engine_args)
        return self._llm

    def _sampling_params(self, request: Request) -> Any:
        s = request.sampling
        kwargs: dict[str, Any] = {"max_tokens": s.max_tokens}
        if s.temperature is not None:
            kwargs["temperature"] = s.temperature
        if s.top_p is not None:
            kwargs["top_p"] = s.top_p
        if request.seed is not None:
            kwargs["seed"] = request.seed
        return self._vllm.SamplingParams(**kwargs)

    def _run_batch(self, batch: list[Request]) -> list[Response]:
        llm = self._engine()
        conversations = [[m.model_dump() for m in r.messages] for r in batch]
        outputs = llm.chat(conversations, [self._sampling_params(r) for r in batch], use_tqdm=False)
        responses = []
        for out in outputs:
            first = out.outputs[0]
            responses.append(
                Response(
                    text=first.text,
                    usage={"input_tokens": len(out.prompt_token_ids or []), "output_tokens": len(first.token_ids)},
                    model=self.model,
                    finish_reason=first.finish_reason,
                )
            )
        return responses

    async def _serve(self) -> None:
        assert self._wake is not None
        while True:
            await self._wake.wait()
            await asyncio.sleep(0.05)  # let the requests that arrive together form one batch
            batch, self._queue = self._queue[: self.batch_size], self._queue[self.batch_size :]
            if not self._queue:
                self._wake.clear()
            if not batch:
                continue
            try:
                answers = await asyncio.to_thread(self._run_batch, [r for r, _ in batch])
            except Exception as exc:  # an engine failure fails this batch's requests, not the driver
                for _, fut in batch:
                    if not fut.done():
                        fut.set_exception(ProviderError(f"vLLM engine: {type(exc).__name__}: {exc}", kind="fatal"))
                continue
            for (_, fut), answer in zip(batch, answers, strict=True):
                if not fut.done():
                    fut.set_result(answer)

    async def generate(self, request: Request) -> Response:
        if self._runner is None:
            self._wake = asyncio.Event()
            self._runner = asyncio.get_running_loop().create_task(self._serve())
        future: asyncio.Future[Response] = asyncio.get_running_loop().create_future()
        self._queue.append((request, future))
        assert self._wake is not None
        self._wake.set()
        return await future

    async def aclose(self) -> None:
        if self._runner is not None:
            self._runner.cancel()
            try:
                await self._runner
            except (asyncio.CancelledError, Exception):
                pass
            self._runner = None
