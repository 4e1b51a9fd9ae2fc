"""CSRF tokens, the host check (no DNS rebinding), and the headers every response carries."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

COOKIE = "noshow_session"

#: Everything from this server only: no other host, no inline script or style, no framing.
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    # same-origin, not no-referrer: with no-referrer a browser sends "Origin: null" on posts.
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cache-control", b"no-store"),
]


class Csrf:
    """A signed double-submit token: the browser's session cookie, signed with a secret that
    lives only in this process. A page from another site can neither read the cookie nor
    compute the token."""

    def __init__(self) -> None:
        self._secret = secrets.token_bytes(32)

    @staticmethod
    def new_session() -> str:
        """A fresh session cookie value."""
        return secrets.token_urlsafe(24)

    def token(self, session: str) -> str:
        """The token the forms of ``session`` carry."""
        return hmac.new(self._secret, session.encode(), hashlib.sha256).hexdigest()

    def valid(self, session: str | None, token: str | None) -> bool:
        """Whether ``token`` belongs to ``session``."""
        if not session or not token:
            return False
        return hmac.compare_digest(self.token(session), token)


def loopback(host: str) -> bool:
    """Whether a bind address or Host name is this machine only."""
    return host in ("127.0.0.1", "localhost", "::1", "[::1]") or host.startswith("127.")


class Guard:
    """ASGI middleware: refuse requests whose Host is not this server (DNS rebinding) and
    cross-site posts (an Origin that is not ours), and add the security headers."""

    def __init__(self, app: ASGIApp, any_host: bool = False) -> None:
        self.app = app
        self.any_host = any_host

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        host = headers.get("host", "")
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        if not self.any_host and not loopback(name):
            await _plain(send, 400, "noshow serve answers only on this machine (127.0.0.1).")
            return
        origin = headers.get("origin")
        # A browser names the page a post comes from; scripts (curl) name none. "null" is a
        # sandboxed or file:// page: not ours either.
        if scope["method"] == "POST" and origin is not None and origin.split("://", 1)[-1] != host:
            await _plain(send, 403, "Refused: this form was posted from another site.")
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *HEADERS]
            await send(message)

        await self.app(scope, receive, with_headers)


async def _plain(send: Send, status: int, text: str) -> None:
    body = text.encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"text/plain; charset=utf-8"), *HEADERS],
        }
    )
    await send({"type": "http.response.body", "body": body})
