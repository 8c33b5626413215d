"""A scripted LLM server on 127.0.0.1: the stand-in for the paid APIs, spoken to by the real clients.

It answers the OpenAI Chat Completions API (``POST /v1/chat/completions``) and the Anthropic Messages API
(``POST /v1/messages``), plain and streamed (server-sent events), and records every request. A test
scripts it with:

- ``answer``: a function (api, body) -> (text, reasoning) that writes the model's answer;
- ``fail(status, headers, times)``: the next ``times`` requests get that HTTP error (429 with
  ``retry-after``, 500, 401, ...) before the script goes on;
- ``drop(times)``: the next streamed answers stop halfway (the connection closes without a finish).

Run it by hand with ``python tests/llm_server.py`` (it prints its address and answers every prompt with
``tests/candidates/honest_omp.py`` for ``tests/tasks/ok/scale_add``).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

Answer = Callable[[str, dict[str, Any]], tuple[str, str | None]]


def fenced(source: str, lang: str = "python") -> str:
    return f"```{lang}\n{source.rstrip()}\n```\n"


def last_user_text(body: dict[str, Any]) -> str:
    content = body["messages"][-1]["content"]
    if isinstance(content, list):
        return "".join(part.get("text", "") for part in content)
    return content


class _Server(ThreadingHTTPServer):
    # socketserver's default backlog of 5 drops the SYNs of a burst of new connections (a client at
    # concurrency 8 opens 8 at once); each dropped one is retried by the kernel after a full second.
    request_queue_size = 128


class ScriptedLLM:
    def __init__(self, answer: Answer | None = None) -> None:
        self.answer: Answer = answer or (lambda api, body: ("I cannot help with that.", None))
        self.requests: list[dict[str, Any]] = []
        self._failures: list[tuple[int, dict[str, str]]] = []
        self._drops = 0
        self._lock = threading.Lock()
        self.httpd = _Server(("127.0.0.1", 0), self._handler())
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    # ---- scripting --------------------------------------------------------------------------------
    @property
    def port(self) -> int:
        return self.httpd.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def fail(self, status: int, headers: dict[str, str] | None = None, times: int = 1) -> None:
        with self._lock:
            self._failures.extend([(status, dict(headers or {}))] * times)

    def drop(self, times: int = 1) -> None:
        with self._lock:
            self._drops += times

    def answered(self, api: str | None = None) -> list[dict[str, Any]]:
        """The requests that got an answer (not an injected error)."""
        return [r for r in self.requests if r["status"] == 200 and (api is None or r["api"] == api)]

    def __enter__(self) -> ScriptedLLM:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    # ---- the HTTP side ----------------------------------------------------------------------------
    def _next_failure(self) -> tuple[int, dict[str, str]] | None:
        with self._lock:
            return self._failures.pop(0) if self._failures else None

    def _take_drop(self) -> bool:
        with self._lock:
            if self._drops:
                self._drops -= 1
                return True
            return False

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                return

            def _json(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

            def _sse_start(self) -> None:
                self.send_response(200)
                self.send_header("content-type", "text/event-stream")
                self.send_header("cache-control", "no-cache")
                self.send_header("connection", "close")
                self.end_headers()
                self.close_connection = True

            def _event(self, data: Any, event: str | None = None) -> None:
                text = (f"event: {event}\n" if event else "") + f"data: {json.dumps(data)}\n\n"
                self.wfile.write(text.encode())
                self.wfile.flush()

            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                length = int(self.headers.get("content-length", "0"))
                body = json.loads(self.rfile.read(length) or b"{}")
                if self.path.endswith("/chat/completions"):
                    api = "openai"
                elif self.path.endswith("/messages"):
                    api = "anthropic"
                else:
                    self._json(404, {"error": {"message": f"no route {self.path}"}})
                    return
                record = {"api": api, "path": self.path, "headers": dict(self.headers), "body": body, "status": 200}
                with server._lock:
                    server.requests.append(record)
                failure = server._next_failure()
                if failure is not None:
                    status, headers = failure
                    record["status"] = status
                    if api == "openai":
                        payload: dict[str, Any] = {"error": {"message": f"scripted {status}", "type": "scripted"}}
                    else:
                        payload = {
                            "type": "error",
                            "error": {"type": "scripted_error", "message": f"scripted {status}"},
                        }
                    self._json(status, payload, headers)
                    return
                text, reasoning = server.answer(api, body)
                n_in = sum(len(str(m.get("content", "")).split()) for m in body.get("messages", []))
                n_out = max(1, len(text) // 4 + len(reasoning or "") // 4)
                model = body.get("model", "scripted")
                if api == "openai":
                    self._openai(body, model, text, reasoning, n_in, n_out)
                else:
                    self._anthropic(body, model, text, reasoning, n_in, n_out)

            # -- OpenAI Chat Completions --
            def _openai(self, body, model, text, reasoning, n_in, n_out) -> None:
                usage = {"prompt_tokens": n_in, "completion_tokens": n_out, "total_tokens": n_in + n_out}
                if not body.get("stream"):
                    message: dict[str, Any] = {"role": "assistant", "content": text}
                    if reasoning is not None:
                        message["reasoning_content"] = reasoning
                    self._json(
                        200,
                        {
                            "id": "chatcmpl-scripted",
                            "object": "chat.completion",
                            "created": 0,
                            "model": model,
                            "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
                            "usage": usage,
                        },
                    )
                    return
                self._sse_start()
                base = {"id": "chatcmpl-scripted", "object": "chat.completion.chunk", "created": 0, "model": model}
                pieces = [text[i : i + 40] for i in range(0, len(text), 40)] or [""]
                self._event({**base, "choices": [{"index": 0, "delta": {"role": "assistant"}, "finish_reason": None}]})
                if reasoning:
                    for i in range(0, len(reasoning), 40):
                        delta = {"reasoning_content": reasoning[i : i + 40]}
                        self._event({**base, "choices": [{"index": 0, "delta": delta, "finish_reason": None}]})
                dropping = server._take_drop()
                for n, piece in enumerate(pieces):
                    if dropping and n >= len(pieces) // 2:
                        return  # the connection closes with the answer half sent
                    self._event({**base, "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]})
                self._event({**base, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
                if (body.get("stream_options") or {}).get("include_usage"):
                    self._event({**base, "choices": [], "usage": usage})
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()

            # -- Anthropic Messages --
            def _anthropic(self, body, model, text, reasoning, n_in, n_out) -> None:
                blocks: list[dict[str, Any]] = []
                thinking = body.get("thinking") or {}
                if reasoning is not None and thinking.get("type") == "enabled":
                    blocks.append({"type": "thinking", "thinking": reasoning, "signature": "c2NyaXB0ZWQ="})
                blocks.append({"type": "text", "text": text})
                message = {
                    "id": "msg_scripted",
                    "type": "message",
                    "role": "assistant",
                    "model": model,
                    "content": blocks,
                    "stop_reason": "end_turn",
                    "stop_sequence": None,
                    "usage": {"input_tokens": n_in, "output_tokens": n_out},
                }
                if not body.get("stream"):
                    self._json(200, message)
                    return
                self._sse_start()
                start = {
                    **message,
                    "content": [],
                    "stop_reason": None,
                    "usage": {"input_tokens": n_in, "output_tokens": 1},
                }
                self._event({"type": "message_start", "message": start}, "message_start")
                for index, block in enumerate(blocks):
                    if block["type"] == "thinking":
                        empty: dict[str, Any] = {"type": "thinking", "thinking": "", "signature": ""}
                        self._event(
                            {"type": "content_block_start", "index": index, "content_block": empty},
                            "content_block_start",
                        )
                        for i in range(0, len(block["thinking"]), 40):
                            delta = {"type": "thinking_delta", "thinking": block["thinking"][i : i + 40]}
                            self._event(
                                {"type": "content_block_delta", "index": index, "delta": delta}, "content_block_delta"
                            )
                        delta = {"type": "signature_delta", "signature": block["signature"]}
                        self._event(
                            {"type": "content_block_delta", "index": index, "delta": delta}, "content_block_delta"
                        )
                    else:
                        empty = {"type": "text", "text": ""}
                        self._event(
                            {"type": "content_block_start", "index": index, "content_block": empty},
                            "content_block_start",
                        )
                        for i in range(0, len(block["text"]), 40):
                            delta = {"type": "text_delta", "text": block["text"][i : i + 40]}
                            self._event(
                                {"type": "content_block_delta", "index": index, "delta": delta}, "content_block_delta"
                            )
                    self._event({"type": "content_block_stop", "index": index}, "content_block_stop")
                end = {
                    "type": "message_delta",
                    "delta": {"stop_reason": "end_turn", "stop_sequence": None},
                    "usage": {"output_tokens": n_out},
                }
                self._event(end, "message_delta")
                self._event({"type": "message_stop"}, "message_stop")

        return Handler


if __name__ == "__main__":
    import sys
    import time

    honest = (Path(__file__).parent / "candidates" / "honest_omp.py").read_text()
    llm = ScriptedLLM(lambda api, body: ("Here it is.\n" + fenced(honest), "Plan: one OpenMP loop."))
    with llm:
        print(f"scripted LLM on {llm.base_url} (OpenAI: {llm.base_url}/v1)", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            sys.exit(0)
