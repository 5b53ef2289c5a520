"""Prometheus metrics of one hub (a registry per app, so several hubs in one test process do not collide)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram


class Metrics:
    """The hub's counters, gauges and histograms."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.http_requests = Counter(
            "kiosk_http_requests",
            "REST requests by route and status",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.http_latency = Histogram(
            "kiosk_http_request_seconds",
            "REST request latency",
            ["method", "route"],
            registry=self.registry,
            buckets=(0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5),
        )
        self.ws_connections = Gauge(
            "kiosk_ws_connections", "Open signaling connections by role", ["role"], registry=self.registry
        )
        self.ws_messages = Counter(
            "kiosk_ws_messages", "Signaling messages received by type", ["type"], registry=self.registry
        )
        self.ws_relayed = Counter("kiosk_ws_relayed", "Offers, answers and byes relayed", registry=self.registry)
        self.ws_forwarded = Counter(
            "kiosk_ws_forwarded",
            "Signaling sockets this instance held for a branch another hub instance runs",
            registry=self.registry,
        )
        self.ws_errors = Counter(
            "kiosk_ws_errors", "Signaling messages refused, by error code", ["code"], registry=self.registry
        )
        self.queue_waiting = Gauge(
            "kiosk_queue_waiting", "Sessions waiting for an officer", ["branch"], registry=self.registry
        )
        self.claims = Counter("kiosk_claims", "Claims created", ["claim_type"], registry=self.registry)
        self.logins = Counter("kiosk_logins", "Login attempts by outcome", ["outcome"], registry=self.registry)
