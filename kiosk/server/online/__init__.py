"""The online participant's pages (``/online/``): start, book, booking (manage and status), prepare. Server-rendered
Jinja templates with their own strict Content-Security-Policy, plain CSS and JavaScript in ``static/``; the pages
speak only to the hub's own ``/api/v1/online/*`` routes (same origin, the web session in an HttpOnly cookie)."""

from kiosk.server.online.routes import router

__all__ = ["router"]
