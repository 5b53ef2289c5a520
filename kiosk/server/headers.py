"""Security headers on every HTTP response the hub sends (errors and refusals of the middlewares included).

- ``X-Content-Type-Options: nosniff``: a browser never guesses a type other than the declared one;
- ``Referrer-Policy: no-referrer`` and ``X-Frame-Options: DENY`` (no page of the hub in anyone's frame);
- ``Content-Security-Policy``: JSON and files get ``default-src 'none'; frame-ancestors 'none'; sandbox`` unless
  the route set its own (the dashboard's pages allow their own scripts and styles; see dashboard/routes.py);
- ``Strict-Transport-Security`` when the request came over TLS (a plain-HTTP hub on the LAN must not pin HTTPS).
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: For responses that are no page: nothing may load, run or frame them.
API_CSP = "default-src 'none'; frame-ancestors 'none'; sandbox"
#: FastAPI's interactive docs load their script and style from a CDN; they keep working without a CSP of ours.
_OWN_CSP_PATHS = frozenset({"/docs", "/docs/oauth2-redirect", "/redoc"})
HSTS = "max-age=31536000"

_ALWAYS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


class SecurityHeaders:
    """Adds the headers above to the start of every HTTP response (a plain ASGI middleware)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        tls = scope.get("scheme") == "https"
        default_csp = scope.get("path") not in _OWN_CSP_PATHS

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in _ALWAYS.items():
                    headers.setdefault(name, value)
                if default_csp:
                    headers.setdefault("Content-Security-Policy", API_CSP)
                if tls:
                    headers.setdefault("Strict-Transport-Security", HSTS)
            await send(message)

        await self.app(scope, receive, send_with_headers)
