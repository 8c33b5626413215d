"""``golden``: answers each task with its shipped, verified exemplar kernel (no API key needed).

Catalog tasks get ``prompts/golden/<backend>/<category>.py``; the generic references in ``prompts/generic``
(``--tasks-dir prompts/generic``) get the backend's generic exemplar.
"""

from __future__ import annotations

from ..prompting import golden_for, golden_source
from .base import Provider, Request, Response


class GoldenProvider(Provider):
    name = "golden"

    async def generate(self, request: Request) -> Response:
        path = golden_for(request.task, request.backend)
        if path is None:
            return Response(text=f"(no golden {request.backend} kernel for task {request.task.id})")
        return Response(text=f"```python\n{golden_source(path)}```\n")
