"""Request counters and latency histograms, written in the Prometheus text format."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from mougraph.web.pool import Counters

BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
ROUTES = ("/sparql", "/gsp", "/health", "/metrics", "/.well-known/void", "/queries", "/export")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def route_of(path: str) -> str:
    """The route label of a path (a fixed set, so labels stay few).

    >>> route_of("/gsp/person/1.ttl"), route_of("/favicon.ico")
    ('/gsp', 'other')
    """
    for route in ROUTES:
        if path == route or path.startswith(route + "/") or path.startswith(route + "?"):
            return route
    return "other"


class Metrics:
    """Counts of requests by route and status, and a latency histogram by route."""

    def __init__(self, counters: Counters) -> None:
        self.counters = counters
        self.requests: dict[tuple[str, int], int] = defaultdict(int)
        self.buckets: dict[str, list[int]] = defaultdict(lambda: [0] * len(BUCKETS))
        self.sums: dict[str, float] = defaultdict(float)
        self.counts: dict[str, int] = defaultdict(int)
        self.truncated = 0

    def observe(self, route: str, status: int, seconds: float) -> None:
        self.requests[(route, status)] += 1
        self.sums[route] += seconds
        self.counts[route] += 1
        for index, bound in enumerate(BUCKETS):
            if seconds <= bound:
                self.buckets[route][index] += 1

    def render(self, workers_alive: int) -> str:
        lines = [
            "# HELP mougraph_http_requests_total HTTP requests answered, by route and status.",
            "# TYPE mougraph_http_requests_total counter",
        ]
        for (route, status), count in sorted(self.requests.items()):
            lines.append(f'mougraph_http_requests_total{{route="{route}",status="{status}"}} {count}')
        lines += [
            "# HELP mougraph_http_request_duration_seconds Time to answer a request, by route.",
            "# TYPE mougraph_http_request_duration_seconds histogram",
        ]
        for route in sorted(self.counts):
            for bound, count in zip(BUCKETS, self.buckets[route], strict=True):
                lines.append(f'mougraph_http_request_duration_seconds_bucket{{route="{route}",le="{bound}"}} {count}')
            lines.append(
                f'mougraph_http_request_duration_seconds_bucket{{route="{route}",le="+Inf"}} {self.counts[route]}'
            )
            lines.append(f'mougraph_http_request_duration_seconds_sum{{route="{route}"}} {self.sums[route]:.6f}')
            lines.append(f'mougraph_http_request_duration_seconds_count{{route="{route}"}} {self.counts[route]}')
        for name, value, help_text in (
            ("query_timeouts_total", self.counters.timeouts, "Requests stopped at their time limit."),
            ("worker_crashes_total", self.counters.crashes, "Worker processes that died on a request."),
            ("worker_restarts_total", self.counters.restarts, "Worker processes replaced."),
            ("rejected_busy_total", self.counters.busy, "Requests refused with 503 because every worker was busy."),
            ("truncated_results_total", self.truncated, "Results cut at the row limit."),
        ):
            lines += [
                f"# HELP mougraph_{name} {help_text}",
                f"# TYPE mougraph_{name} counter",
                f"mougraph_{name} {value}",
            ]
        lines += [
            "# HELP mougraph_workers_alive Worker processes running now.",
            "# TYPE mougraph_workers_alive gauge",
            f"mougraph_workers_alive {workers_alive}",
        ]
        return "\n".join(lines) + "\n"

    def middleware(self, app: ASGIApp) -> ASGIApp:
        """An ASGI middleware that times every HTTP request."""

        async def timed(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != "http":
                await app(scope, receive, send)
                return
            started = time.perf_counter()
            status = 500

            async def record(message: Message) -> None:
                nonlocal status
                if message["type"] == "http.response.start":
                    status = int(message["status"])
                await send(message)

            try:
                await app(scope, receive, record)
            finally:
                self.observe(route_of(scope.get("path", "")), status, time.perf_counter() - started)

        return timed
