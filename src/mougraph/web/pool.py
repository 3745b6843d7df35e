"""A pool of worker processes that run queries with a deadline that really stops them.

pyoxigraph cannot cancel a query from Python, so each query runs in a worker process; at the
deadline the worker is killed (SIGKILL) and a fresh one started, and the request gets a 503.
A worker that crashes (a native bug) fails only its own request. Admission is bounded: at most
``size`` requests run and ``queue`` wait; beyond that a request gets 503 with ``Retry-After``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from mougraph.errors import ClientError, Unavailable
from mougraph.web import worker
from mougraph.web.engine import Reply, Source

log = logging.getLogger("mougraph.pool")

_START_TIMEOUT = 120.0


class _TimedOut(Exception):
    pass


class _Crashed(Exception):
    pass


@dataclass
class Counters:
    """What the pool counts (exposed on /metrics)."""

    timeouts: int = 0
    crashes: int = 0
    restarts: int = 0
    busy: int = 0
    by_role: dict[str, int] = field(default_factory=dict)


class Process:
    """One worker process and the parent's end of its pipe."""

    def __init__(self, role: str, source: Source, root: str, lang: str, snapshots: str) -> None:
        context = multiprocessing.get_context("spawn")
        self.conn: Connection
        self.conn, child = context.Pipe(duplex=True)
        self.process: BaseProcess = context.Process(
            target=worker.main,
            args=(child, source, role, root, lang, snapshots),
            name=f"mougraph-{role}",
            daemon=True,
        )
        self.process.start()
        child.close()

    def wait_ready(self, timeout: float) -> None:
        if not self.conn.poll(timeout):
            self.kill()
            raise RuntimeError(f"the worker did not start within {timeout:.0f} s")
        try:
            self.conn.recv()
        except EOFError:
            self.kill()
            raise RuntimeError("the worker died while loading the store (see its log)") from None

    def exchange(self, message: Any, timeout: float) -> Reply:
        try:
            self.conn.send(message)
            if not self.conn.poll(timeout):
                raise _TimedOut()
            reply = self.conn.recv()
        except (EOFError, BrokenPipeError, ConnectionResetError):
            raise _Crashed() from None
        if not isinstance(reply, Reply):
            raise _Crashed()
        return reply

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            self.process.kill()
        self.process.join(5)
        with contextlib.suppress(Exception):
            self.conn.close()

    @property
    def pid(self) -> int | None:
        return self.process.pid


class Pool:
    """``size`` worker processes of one ``role`` (``query`` or ``writer``)."""

    def __init__(
        self,
        *,
        role: str,
        size: int,
        queue: int,
        timeout: float,
        source: Callable[[], Source],
        root: str,
        lang: str,
        snapshots: str,
        counters: Counters,
    ) -> None:
        self.role, self.size, self.queue, self.timeout = role, size, queue, timeout
        self._source, self._root, self._lang, self._snapshots = source, root, lang, snapshots
        self.counters = counters
        self._idle: asyncio.Queue[Process] = asyncio.Queue()
        self._all: set[Process] = set()
        self._admitted = 0
        self._threads = ThreadPoolExecutor(max_workers=size + 2, thread_name_prefix=f"mougraph-{role}")
        self._closing = False
        self._respawning: set[asyncio.Future[Any]] = set()

    def _spawn(self) -> Process:
        process = Process(self.role, self._source(), self._root, self._lang, self._snapshots)
        process.wait_ready(_START_TIMEOUT)
        return process

    async def start(self) -> None:
        """Start the workers side by side; return once the first one is ready (the rest join as they come)."""
        loop = asyncio.get_running_loop()
        pending = {loop.run_in_executor(self._threads, self._spawn) for _ in range(self.size)}
        done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
        for future in done:
            self._add(future.result())  # a worker that cannot start at all stops the server, as before
        for future in pending:
            future.add_done_callback(self._join)
            self._respawning.add(future)
            future.add_done_callback(self._respawning.discard)

    def _join(self, future: asyncio.Future[Process]) -> None:
        """A worker that finished starting: into the pool (a failed start is logged and retried)."""
        if future.cancelled():
            return
        error = future.exception()
        if error is not None:
            log.error("a %s worker did not start (%s); starting another", self.role, error)
            task = asyncio.ensure_future(self._respawn())
            self._respawning.add(task)
            task.add_done_callback(self._respawning.discard)
            return
        self._add(future.result())

    def _add(self, process: Process) -> None:
        if self._closing:
            process.kill()
            return
        self._all.add(process)
        self._idle.put_nowait(process)

    async def close(self) -> None:
        self._closing = True
        for process in list(self._all):
            process.kill()
        self._all.clear()
        self._threads.shutdown(wait=False, cancel_futures=True)

    @property
    def alive(self) -> int:
        return sum(1 for p in self._all if p.process.is_alive())

    @property
    def pids(self) -> list[int]:
        return [p.pid for p in self._all if p.pid is not None]

    async def run(self, task: Any) -> Reply:
        """Run ``task`` on an idle worker within the time limit; 503 when busy or too slow."""
        if self._admitted >= self.size + self.queue:
            self.counters.busy += 1
            raise Unavailable(
                f"all {self.size} {self.role} workers are busy and {self.queue} requests are waiting; retry shortly",
                retry_after=max(1, round(self.timeout)),
            )
        self._admitted += 1
        job = asyncio.ensure_future(self._run(task))
        try:
            # Shielded: a client that goes away must not leave a worker half-used.
            return await asyncio.shield(job)
        finally:
            if job.done():
                self._admitted -= 1
            else:
                job.add_done_callback(lambda _: self._release())

    def _release(self) -> None:
        self._admitted -= 1

    async def _run(self, task: Any) -> Reply:
        loop = asyncio.get_running_loop()
        try:
            process = await asyncio.wait_for(self._idle.get(), self.timeout)
        except TimeoutError:
            self.counters.busy += 1
            raise Unavailable(
                f"no {self.role} worker became free within {self.timeout:g} s; retry shortly",
                retry_after=max(1, round(self.timeout)),
            ) from None
        message = (self._source(), task)
        try:
            reply = await loop.run_in_executor(self._threads, process.exchange, message, self.timeout)
        except _TimedOut:
            self.counters.timeouts += 1
            await self._replace(process)
            raise Unavailable(
                f"the query ran past the time limit ({self.timeout:g} s) and was stopped; simplify it or add a LIMIT",
                retry_after=1,
            ) from None
        except _Crashed:
            self.counters.crashes += 1
            await self._replace(process)
            raise ClientError(
                "the query engine crashed on this request (its worker process died and was replaced);"
                " the request may be too deeply nested or otherwise unusual",
                400,
            ) from None
        self._idle.put_nowait(process)
        return reply

    async def _replace(self, process: Process) -> None:
        """Kill ``process`` now and start a replacement in the background."""
        loop = asyncio.get_running_loop()
        self._all.discard(process)
        await loop.run_in_executor(self._threads, process.kill)
        self.counters.restarts += 1
        task = asyncio.ensure_future(self._respawn())
        self._respawning.add(task)
        task.add_done_callback(self._respawning.discard)

    async def _respawn(self) -> None:
        loop = asyncio.get_running_loop()
        delay = 0.5
        while not self._closing:
            try:
                fresh = await loop.run_in_executor(self._threads, self._spawn)
            except Exception:
                log.exception("could not start a %s worker; retrying in %.1f s", self.role, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 30)
                continue
            if self._closing:
                fresh.kill()
                return
            self._all.add(fresh)
            self._idle.put_nowait(fresh)
            return


def default_workers() -> int:
    """One worker per core, at least two (so one runaway query never blocks the rest)."""
    return max(2, os.cpu_count() or 2)
