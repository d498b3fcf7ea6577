"""A scripted OpenAI-compatible chat-completions server on 127.0.0.1, for tests and benchmarks.

This is a test double of the real protocol over real sockets: the client under test talks HTTP to it
exactly as it would to OpenAI, vLLM or Ollama, so retries, timeouts, Retry-After handling and
concurrency limits are exercised for real. Only the *answers* are scripted, by a `responder`:

    with LocalChatServer(responder=lambda body: '{"summary": "x"}', latency_s=0.2) as server:
        client = OpenAIJsonChat(server.base_url, "test-key", "local-model")

A responder takes the request JSON and returns either a string (the assistant message content) or a
`Reply` describing a scripted behaviour: HTTP 429 with Retry-After, HTTP 500, a stall longer than the
client timeout, or malformed content. Helpers `rate_limited`, `server_error`, `stall` and `malformed`
build them; `ScriptedResponder` plays a fixed sequence per conversation.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Reply:
    """One scripted answer. `content` is the assistant text; the other fields change the behaviour."""

    content: str = "{}"
    status: int = 200
    retry_after_s: float | None = None  # sent as a Retry-After header (whole seconds) and retry-after-ms
    delay_s: float = 0.0  # extra sleep before answering (use > client timeout to force a timeout)
    finish_reason: str = "stop"
    prompt_tokens: int | None = None  # default: about chars/4 of the request messages
    completion_tokens: int | None = None  # default: about chars/4 of the content


Responder = Callable[[dict[str, Any]], "str | Reply"]


def rate_limited(retry_after_s: float = 1.0) -> Reply:
    """HTTP 429 carrying a Retry-After header."""
    return Reply(status=429, retry_after_s=retry_after_s, content="rate limited")


def server_error(status: int = 500) -> Reply:
    """An HTTP 5xx error."""
    return Reply(status=status, content="internal error")


def stall(seconds: float) -> Reply:
    """Sleep `seconds` before answering, so a client with a shorter timeout gives up."""
    return Reply(delay_s=seconds, content="{}")


def malformed(text: str = '{"summary": "unterminated') -> Reply:
    """A well-formed HTTP answer whose message content is not valid JSON."""
    return Reply(content=text)


def first_user_message(body: dict[str, Any]) -> str:
    """The text of the first user message of a chat-completions request body (the step's input)."""
    for message in body.get("messages", []):
        if message.get("role") == "user":
            content = message.get("content", "")
            return content if isinstance(content, str) else json.dumps(content)
    return ""


class ScriptedResponder:
    """Plays `script` in order for each distinct first user message, then `final` forever after.

    Keyed per input (the first user message; a client's corrective follow-up comes later) so that a
    scripted failure hits every request of a concurrent batch, whatever order they arrive in.
    """

    def __init__(self, script: list[str | Reply], final: str | Reply | Callable[[dict[str, Any]], str | Reply]):
        self._script = list(script)
        self._final = final
        self._seen: dict[str, int] = {}
        self._lock = threading.Lock()

    def __call__(self, body: dict[str, Any]) -> str | Reply:
        key = first_user_message(body)
        with self._lock:
            index = self._seen.get(key, 0)
            self._seen[key] = index + 1
        if index < len(self._script):
            return self._script[index]
        return self._final(body) if callable(self._final) else self._final


def _estimate_tokens(text: str) -> int:
    # The usual rule of thumb for English text; the ledger only needs a plausible, deterministic count.
    return max(1, len(text) // 4)


class _Handler(BaseHTTPRequestHandler):
    # HTTP/1.1 keeps connections alive, so a pooled client does not pay a TCP handshake per request.
    protocol_version = "HTTP/1.1"
    # Headers and body leave in two writes; with Nagle on, the body waits ~40 ms for the client's
    # delayed ACK, which added 25% to a 200 ms answer.
    disable_nagle_algorithm = True
    server: _ChatHTTPServer

    def log_message(self, format: str, *args: Any) -> None:  # silence per-request stderr lines
        return

    def _send_json(self, status: int, payload: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        data = json.dumps(payload).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        if self.path.rstrip("/").endswith("/models"):
            model = {"id": self.server.owner.model, "object": "model", "created": 0, "owned_by": "local"}
            self._send_json(200, {"object": "list", "data": [model]})
        else:
            self._send_json(404, {"error": {"message": f"unknown path {self.path}", "type": "not_found"}})

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        if not self.path.rstrip("/").endswith("/chat/completions"):
            self._send_json(404, {"error": {"message": f"unknown path {self.path}", "type": "not_found"}})
            return
        try:
            body = json.loads(raw)
        except json.JSONDecodeError:
            self._send_json(400, {"error": {"message": "request body is not JSON", "type": "invalid_request"}})
            return
        owner = self.server.owner
        owner._enter(body)
        try:
            self._answer(owner, body)
        finally:
            owner._leave()

    def _answer(self, owner: LocalChatServer, body: dict[str, Any]) -> None:
        reply = owner.responder(body)
        if isinstance(reply, str):
            reply = Reply(content=reply)
        # Waiting on the stop event (not time.sleep) lets the server shut down promptly mid-stall.
        owner._stopping.wait(owner.latency_s + reply.delay_s)
        if owner._stopping.is_set():
            return
        if reply.status != 200:
            headers: dict[str, str] = {}
            if reply.retry_after_s is not None:
                headers["Retry-After"] = str(max(0, round(reply.retry_after_s)))
                headers["retry-after-ms"] = str(int(reply.retry_after_s * 1000))
            error = {"message": reply.content, "type": "rate_limit" if reply.status == 429 else "server_error"}
            self._send_json(reply.status, {"error": error}, headers)
            return
        prompt_text = "".join(str(m.get("content", "")) for m in body.get("messages", []))
        prompt_tokens = reply.prompt_tokens if reply.prompt_tokens is not None else _estimate_tokens(prompt_text)
        completion_tokens = (
            reply.completion_tokens if reply.completion_tokens is not None else _estimate_tokens(reply.content)
        )
        self._send_json(
            200,
            {
                "id": f"chatcmpl-{uuid.uuid4().hex[:24]}",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": body.get("model", owner.model),
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": reply.content},
                        "finish_reason": reply.finish_reason,
                    }
                ],
                "usage": {
                    "prompt_tokens": prompt_tokens,
                    "completion_tokens": completion_tokens,
                    "total_tokens": prompt_tokens + completion_tokens,
                },
            },
        )


class _ChatHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # stalled handlers must not keep the test waiting on exit
    request_queue_size = 512  # listen backlog: a burst of 64+ new connections must not be refused
    owner: LocalChatServer


class LocalChatServer:
    """OpenAI-compatible chat-completions server on a free 127.0.0.1 port; a context manager.

    Records every request body it received (`requests`, `request_count`) and the peak number of
    requests it was handling at once (`max_in_flight`), for assertions about retries and concurrency.
    """

    def __init__(
        self,
        responder: Responder | None = None,
        latency_s: float = 0.0,
        model: str = "local-test-model",
    ) -> None:
        self.responder: Responder = responder or (lambda body: '{"summary": "local answer"}')
        self.latency_s = latency_s
        self.model = model
        self.requests: list[dict[str, Any]] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd: _ChatHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def request_count(self) -> int:
        with self._lock:
            return len(self.requests)

    @property
    def port(self) -> int:
        if self._httpd is None:
            raise RuntimeError("server is not running")
        return self._httpd.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def reset_counters(self) -> None:
        """Forget the recorded requests and the in-flight peak (between phases of one test)."""
        with self._lock:
            self.requests.clear()
            self.max_in_flight = self.in_flight

    def _enter(self, body: dict[str, Any]) -> None:
        with self._lock:
            self.requests.append(body)
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)

    def _leave(self) -> None:
        with self._lock:
            self.in_flight -= 1

    def start(self) -> LocalChatServer:
        """Bind port 0 (the OS picks a free one) and serve on a background thread."""
        self._stopping.clear()
        self._httpd = _ChatHTTPServer(("127.0.0.1", 0), _Handler)
        self._httpd.owner = self
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop accepting, release stalled handlers and close the socket."""
        self._stopping.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._httpd = None
        self._thread = None

    def __enter__(self) -> LocalChatServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _load_responder(spec: str) -> Responder:
    """`package.module:function` -> the function (a responder given on the command line)."""
    import importlib

    module_name, _, attribute = spec.partition(":")
    return getattr(importlib.import_module(module_name), attribute)


def main(argv: list[str] | None = None) -> None:
    """Serve in the foreground, in its own process, printing the base URL on the first stdout line.

    A separate process is how a real model server runs; benchmarks use it so that the server's Python
    work does not compete with the client for one interpreter lock.
    """
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency-s", type=float, default=0.0, help="Sleep before every answer.")
    parser.add_argument("--responder", default=None, help="module:function called with each request body.")
    parser.add_argument("--model", default="local-test-model")
    args = parser.parse_args(argv)
    responder = _load_responder(args.responder) if args.responder else None
    server = LocalChatServer(responder=responder, latency_s=args.latency_s, model=args.model).start()
    print(server.base_url, flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


if __name__ == "__main__":
    main()
