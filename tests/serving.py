"""A real newsprism server on loopback for the web tests: uvicorn in a thread, an ephemeral port."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import uvicorn

from newsprism.serve import ServeSettings, create_app


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def live_server(db: Path, models, **settings: object) -> Iterator[str]:
    """Serve the store at ``db`` until the block ends; yields the base URL."""
    app = create_app(ServeSettings(db=db, warm_briefs=0, **settings), models=models)  # type: ignore[arg-type]
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, name="newsprism-test-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def upload(base: str, paths: list[Path]) -> dict:
    """POST files to the ingest endpoint, as a user's script would."""
    files = [("files", (p.name, p.read_bytes())) for p in paths]
    response = httpx.post(f"{base}/api/v1/articles/upload", files=files, timeout=600)
    response.raise_for_status()
    return response.json()
