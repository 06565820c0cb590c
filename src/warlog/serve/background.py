"""`warlog serve`'s app on a free loopback port in a background thread: for tests and benchmarks."""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass

import uvicorn


@dataclass
class ServerThread:
    server: uvicorn.Server
    thread: threading.Thread
    url: str  # "http://127.0.0.1:PORT"

    def stop(self, timeout: float = 10) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=timeout)


def start_in_thread(app, timeout: float = 20) -> ServerThread:
    """Serve `app` on 127.0.0.1 at a free port; returns once it accepts requests."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError(f"the server on port {port} did not start within {timeout:.0f} s")
        time.sleep(0.02)
    return ServerThread(server, thread, f"http://127.0.0.1:{port}")
