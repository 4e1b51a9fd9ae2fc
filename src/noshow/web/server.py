"""Run the app with uvicorn: on a socket bound first (so a taken port is a clear message and
port 0 picks a free one), in the foreground for `noshow serve`, or in a thread for tests."""

from __future__ import annotations

import contextlib
import socket
import threading
import webbrowser
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import uvicorn
from starlette.types import ASGIApp

from noshow.errors import ConfigError
from noshow.web.app import create_app
from noshow.web.settings import ServeSettings


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port`` (0: any free port), or a ConfigError saying why not."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host.strip("[]"), port))
        sock.listen(64)
    except OSError as exc:
        sock.close()
        reason = exc.strerror or str(exc)
        raise ConfigError(
            f"cannot listen on {host}:{port}: {reason} (choose another --port)"
        ) from None
    return sock


def url_of(sock: socket.socket) -> str:
    """``http://127.0.0.1:8765/`` for the socket's address."""
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def _server(app: ASGIApp) -> uvicorn.Server:
    config = uvicorn.Config(
        app,
        log_level="warning",
        access_log=False,
        ws="none",  # no websockets: nothing on the page needs them
        http="h11",
        lifespan="off",
        timeout_graceful_shutdown=5,
    )
    return uvicorn.Server(config)


def serve(
    settings: ServeSettings,
    host: str,
    port: int,
    open_browser: bool = False,
    announce: Callable[[str], None] = print,
) -> None:
    """Serve until interrupted (Ctrl+C)."""
    sock = bind(host, port)
    url = url_of(sock)
    announce(url)
    if open_browser:
        threading.Timer(0.5, webbrowser.open, [url]).start()
    try:
        _server(create_app(settings)).run(sockets=[sock])
    finally:
        sock.close()


@dataclass
class Running:
    """A server started in a thread: its URL, and how to stop it."""

    url: str
    server: uvicorn.Server
    thread: threading.Thread
    sock: socket.socket

    def stop(self) -> None:
        """Ask the server to finish and wait for it."""
        self.server.should_exit = True
        self.thread.join(timeout=30)
        self.sock.close()


@contextlib.contextmanager
def running(settings: ServeSettings, host: str = "127.0.0.1", port: int = 0) -> Iterator[Running]:
    """The app served in a background thread for the duration of the block (tests, demos)."""
    sock = bind(host, port)
    server = _server(create_app(settings))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    handle = Running(url_of(sock), server, thread, sock)
    try:
        while not server.started and thread.is_alive():
            thread.join(timeout=0.05)
        if not server.started:
            raise ConfigError("the web server did not start")
        yield handle
    finally:
        handle.stop()
