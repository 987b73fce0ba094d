"""A Scrapyd node's HTTP API, as much of it as dispatching crawls needs. Standard library only.

https://scrapyd.readthedocs.io/en/stable/api.html: `daemonstatus.json` (load),
`schedule.json`, `status.json` (one job's state, Scrapyd >= 1.5), `listjobs.json` (a
running job's pid), `cancel.json`, `addversion.json` (deploying the egg), and a job's log
under `/logs/`. A node URL may carry `user:password@` for Scrapyd's basic auth; it is
sent as a header and never logged.
"""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

SPIDER = "pactwatch"  # the one spider of the project (`pactwatch.scrapyd_project`)
# The close reason, and the start of the log line, of a node's crawl that found its
# source's lease held elsewhere: it fetched and stored nothing.
LEASE_HELD = "lease-held"
TIMEOUT = 10.0  # seconds for one API call: a node answers from memory in milliseconds
DEPLOY_TIMEOUT = 120.0  # addversion.json runs `scrapy list` on the new egg before answering
LOG_TAIL_BYTES = 64 * 1024  # of a finished job's log: its last lines say how it ended


class NodeError(Exception):
    """A node that could not be reached, or that answered with an error."""


@dataclass(frozen=True)
class Node:
    """One Scrapyd node: its base URL (no credentials) and basic-auth header, if any."""

    url: str
    authorization: str | None = None

    @classmethod
    def parse(cls, url: str) -> Node:
        """From `http(s)://[user:password@]host[:port][/prefix]`, as in `[crawl] scrapyd_urls`."""
        parts = urllib.parse.urlsplit(url)
        auth = None
        if parts.username is not None:
            user = urllib.parse.unquote(parts.username)
            password = urllib.parse.unquote(parts.password or "")
            auth = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
        host = parts.hostname or ""
        netloc = f"[{host}]" if ":" in host else host
        if parts.port is not None:
            netloc += f":{parts.port}"
        base = urllib.parse.urlunsplit((parts.scheme, netloc, parts.path.rstrip("/") + "/", "", ""))
        return cls(base, auth)

    def __str__(self) -> str:
        return self.url

    def load(self) -> int:
        """Jobs pending or running on the node."""
        status = self._call("GET", "daemonstatus.json")
        return int(status.get("pending", 0)) + int(status.get("running", 0))

    def schedule(
        self, project: str, *, args: dict[str, str], settings: dict[str, str], jobid: str
    ) -> str:
        """Queue a crawl of `SPIDER`; its job id. `args` are spider arguments (`-a`)."""
        fields: list[tuple[str, str]] = [("project", project), ("spider", SPIDER), ("jobid", jobid)]
        fields += [("setting", f"{key}={value}") for key, value in settings.items()]
        fields += list(args.items())
        return str(self._call("POST", "schedule.json", fields)["jobid"])

    def state(self, project: str, job: str) -> str | None:
        """ "pending", "running", "finished", or None: a job this node does not know."""
        answer = self._call("GET", "status.json", [("project", project), ("job", job)])
        state = answer.get("currstate")
        return str(state) if state else None

    def pid(self, project: str, job: str) -> int | None:
        """The process id of a running job."""
        running = self.jobs(project).get("running", [])
        return next((int(j["pid"]) for j in running if j["id"] == job), None)

    def jobs(self, project: str) -> dict[str, list[dict[str, Any]]]:
        """listjobs.json: the project's pending, running and finished jobs."""
        answer = self._call("GET", "listjobs.json", [("project", project)])
        return {state: list(answer.get(state, [])) for state in ("pending", "running", "finished")}

    def spiders(self, project: str) -> list[str]:
        """The spiders of the project's newest version (Scrapyd caches the answer)."""
        return [
            str(name)
            for name in self._call("GET", "listspiders.json", [("project", project)])["spiders"]
        ]

    def cancel(self, project: str, job: str, signal: str = "INT") -> str | None:
        """Unqueue a pending job or signal a running one (INT: Scrapy's graceful stop)."""
        fields = [("project", project), ("job", job), ("signal", signal)]
        state = self._call("POST", "cancel.json", fields).get("prevstate")
        return str(state) if state else None

    def log_tail(self, project: str, job: str) -> str | None:
        """The end of a job's log; None when the node keeps no logs (`logs_dir` empty).

        Read only for a job that wrote no run, whose log is short: the whole file is
        fetched (Twisted 26 answers a suffix Range longer than the file with a 500).
        """
        path = "logs/" + "/".join(urllib.parse.quote(p) for p in (project, SPIDER, f"{job}.log"))
        try:
            with _open(self._request("GET", path), TIMEOUT) as response:
                tail = bytes(response.read())[-LOG_TAIL_BYTES:]
                return tail.decode("utf-8", errors="replace")
        except urllib.error.HTTPError as exc:
            exc.close()
            if exc.code == 404:
                return None
            raise NodeError(f"{self}: {path}: HTTP {exc.code}") from exc
        except (urllib.error.URLError, OSError) as exc:
            raise NodeError(f"{self}: {path}: {exc}") from exc

    def add_version(self, project: str, version: str, egg: bytes) -> int:
        """Deploy an egg as `version` of `project`; how many spiders the node found in it."""
        fields = [("project", project), ("version", version)]
        answer = self._call("POST", "addversion.json", fields, egg=egg, timeout=DEPLOY_TIMEOUT)
        return int(answer.get("spiders", 0))

    def _call(
        self,
        method: str,
        path: str,
        fields: list[tuple[str, str]] | None = None,
        *,
        egg: bytes | None = None,
        timeout: float = TIMEOUT,
    ) -> dict[str, Any]:
        query = urllib.parse.urlencode(fields or [])
        if method == "GET":
            request = self._request("GET", f"{path}?{query}" if query else path)
        else:
            body = query.encode()
            if egg is not None:  # Twisted reads a form field of bytes percent-decoded
                body += b"&egg=" + urllib.parse.quote_from_bytes(egg).encode()
            request = self._request("POST", path, body)
            request.add_header("Content-Type", "application/x-www-form-urlencoded")
        try:
            with _open(request, timeout) as response:
                answer = json.loads(response.read())
        except urllib.error.HTTPError as exc:
            exc.close()
            raise NodeError(f"{self}{path}: HTTP {exc.code}") from exc
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise NodeError(f"{self}{path}: {exc}") from exc
        if not isinstance(answer, dict) or answer.get("status") != "ok":
            message = answer.get("message") if isinstance(answer, dict) else answer
            raise NodeError(f"{self}{path}: {message}")
        return answer

    def _request(self, method: str, path: str, body: bytes | None = None) -> urllib.request.Request:
        request = urllib.request.Request(self.url + path, data=body, method=method)  # noqa: S310
        if self.authorization:
            request.add_header("Authorization", self.authorization)
        return request


def _open(request: urllib.request.Request, timeout: float) -> Any:
    # The scheme is http(s): node URLs are checked so when the config is read.
    return urllib.request.urlopen(request, timeout=timeout)  # noqa: S310
