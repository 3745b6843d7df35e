"""One error hierarchy: each error knows its HTTP status and its CLI exit code.

Domain code raises these; the CLI (and later the web app) turns them into exit codes and
responses in one place. Anything else is a bug, not a user error.
"""

from __future__ import annotations


class MougraphError(Exception):
    """Base of every error mougraph reports to a user."""

    status: int = 500
    exit_code: int = 2


class BadInput(MougraphError):
    """Unusable input: a file that cannot be read or parsed, a malformed announcement.

    >>> str(BadInput("data/x.ttl", "line 3: bad syntax"))
    'data/x.ttl: line 3: bad syntax'
    """

    status = 400
    exit_code = 2

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{where}: {problem}")
        self.where = where
        self.problem = problem


class NotFound(MougraphError):
    """A named thing (file, query, resource) does not exist."""

    status = 404
    exit_code = 2


class ConfigError(MougraphError):
    """A setting has a value that cannot be used; the message names the setting."""

    status = 500
    exit_code = 2


class ValidationFailed(MougraphError):
    """Data does not conform to the shapes; carries the report."""

    status = 422
    exit_code = 1

    def __init__(self, message: str, report: object) -> None:
        super().__init__(message)
        self.report = report


class ClientError(MougraphError):
    """A request the web endpoint refuses; ``status`` says why (a 4xx code)."""

    status = 400
    exit_code = 2

    def __init__(self, message: str, status: int = 400, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.headers = headers or {}


class Unavailable(MougraphError):
    """The endpoint cannot answer now (busy, or the query ran past its time limit): HTTP 503.

    >>> Unavailable("busy", retry_after=2).status
    503
    """

    status = 503
    exit_code = 2

    def __init__(self, message: str, retry_after: int = 1) -> None:
        super().__init__(message)
        self.retry_after = retry_after
