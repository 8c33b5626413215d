"""The provider interface: an async request for one (task, sample, turn), one response back."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from ..schema import Task


class Request(BaseModel):
    task: Task
    backend: str
    prompt: str
    sample: int
    turn: int = 0


class Response(BaseModel):
    text: str
    reasoning: str | None = None
    usage: dict[str, Any] = Field(default_factory=dict)


class Provider:
    name: str = ""

    async def generate(self, request: Request) -> Response:
        raise NotImplementedError

    async def aclose(self) -> None:
        return None
