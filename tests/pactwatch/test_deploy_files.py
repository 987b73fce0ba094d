"""deploy/: the systemd units, the Containerfile and compose.yaml run real commands.

Containers cannot be built here, so every command they would run is checked outside
them: pactwatch commands are parsed by the CLI itself (an unknown option fails), the
units' commands run against a temporary store, and a Scrapyd node starts from the
same scrapyd.conf and scrapy.cfg the image gets and lists the project's spider.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import time
import tomllib
import urllib.request
from pathlib import Path
from typing import Any

import pytest
import typer

from pactwatch.commands import app
from pactwatch.core.config import load_config
from pactwatch.core.settings import Settings
from tests.pactwatch.service.conftest import free_port, wait_until

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"
UNITS = DEPLOY / "systemd"
VENV_BIN = Path(sys.executable).parent
INSTALLED = "/srv/pactwatch/.venv/bin/"  # where the units expect the virtualenv


def unit(name: str) -> dict[str, list[str]]:
    """A unit file's settings, each key with its values in order (systemd allows repeats)."""
    found: dict[str, list[str]] = {}
    for line in (UNITS / name).read_text("utf-8").splitlines():
        if line.strip() and not line.startswith(("#", ";", "[")):
            key, _, value = line.partition("=")
            found.setdefault(key.strip(), []).append(value.strip())
    return found


def pactwatch_command(args: list[str]) -> str:
    """Parse `pactwatch ARGS` as the CLI would (nothing runs); the subcommand's path."""
    command: Any = typer.main.get_command(app)
    context = command.make_context("pactwatch", list(args))
    path = []
    while hasattr(command, "resolve_command"):  # a group (typer carries its own click)
        name, sub, rest = command.resolve_command(context, context._protected_args + context.args)
        assert sub is not None and name is not None, f"no such command: {args}"
        context = sub.make_context(name, rest, parent=context)
        command = sub
        path.append(name)
    return " ".join(path)


def exec_lines() -> dict[str, list[str]]:
    """Every Exec* command of every unit, by unit file name."""
    found: dict[str, list[str]] = {}
    for path in sorted(UNITS.glob("*.service")):
        for key, values in unit(path.name).items():
            if key.startswith("Exec"):
                found.setdefault(path.name, []).extend(values)
    return found


def test_the_service_unit_is_sandboxed() -> None:
    service = unit("pactwatch.service")
    expected = {
        "User": "pactwatch",
        "ProtectSystem": "strict",
        "ReadWritePaths": "/srv/pactwatch/var",
        "NoNewPrivileges": "yes",
        "PrivateTmp": "yes",
        "ProtectHome": "yes",
        "PrivateDevices": "yes",
        "RestrictAddressFamilies": "AF_UNIX AF_INET AF_INET6",
        "CapabilityBoundingSet": "",
        "SystemCallFilter": "@system-service",
        "KillMode": "mixed",
    }
    assert {key: service.get(key, [None])[-1] for key in expected} == expected
    for name in ("pactwatch-crawl.service", "pactwatch-backup.service"):
        other = unit(name)
        assert other["User"] == ["pactwatch"] and other["ProtectSystem"] == ["strict"]
        assert other["CapabilityBoundingSet"] == [""]


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze")
def test_the_units_pass_systemd_analyze_verify(tmp_path: Path) -> None:
    # The units name the installed virtualenv; here it is this one.
    for path in UNITS.iterdir():
        text = path.read_text("utf-8").replace(INSTALLED, f"{VENV_BIN}/")
        (tmp_path / path.name).write_text(text, "utf-8")
    files = sorted(str(p) for p in tmp_path.iterdir())
    checked = subprocess.run(
        ["systemd-analyze", "verify", *files], capture_output=True, text=True, check=False
    )
    assert checked.returncode == 0 and not checked.stderr.strip(), checked.stderr


def test_every_pactwatch_command_of_the_units_is_one_the_cli_takes() -> None:
    seen = set()
    for name, commands in exec_lines().items():
        for line in commands:
            words = shlex.split(line)
            if words[0] == f"{INSTALLED}pactwatch":
                seen.add(pactwatch_command(words[1:]))
            elif words[0] == "/bin/sh":  # the backup unit: `exec …/pactwatch db backup …`
                inner = shlex.split(words[2].replace("%%", "%"))
                if inner[0] == "exec":
                    seen.add(pactwatch_command(inner[2:]))
            else:
                assert words[0] == "/bin/kill", f"{name}: {line}"
    assert seen == {"db upgrade", "run", "crawl", "db backup"}


def test_the_units_commands_run(tmp_path: Path) -> None:
    """`db upgrade`, then the backup unit's commands (with its retention) as systemd runs them."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PACTWATCH_")}
    env["PACTWATCH_DATABASE_URL"] = f"sqlite:///{tmp_path / 'var' / 'pactwatch.db'}"
    backups = tmp_path / "var" / "backups"
    backups.mkdir(parents=True)
    for day in range(1, 17):  # older backups: the unit keeps the newest 14
        old = backups / f"pactwatch-202601{day:02d}T033000Z.bak"
        old.write_bytes(b"")
        os.utime(old, (day * 86400, day * 86400))
    for name in ("pactwatch.service", "pactwatch-backup.service"):
        for key in ("ExecStartPre", "ExecStart", "ExecStartPost"):
            for line in unit(name).get(key, []):
                if name == "pactwatch.service" and key == "ExecStart":
                    continue  # the service itself: tests/pactwatch/service run it
                command = line.replace(INSTALLED, f"{VENV_BIN}/").replace("%%", "%")
                ran = subprocess.run(
                    shlex.split(command), cwd=tmp_path, env=env, capture_output=True,
                    text=True, check=False, timeout=120,
                )  # fmt: skip
                assert ran.returncode == 0, f"{name} {key}: {ran.stderr}"
    kept = sorted(p.name for p in backups.iterdir())
    gone = {f"pactwatch-2026010{day}T033000Z.bak" for day in (1, 2, 3)}  # the oldest three
    assert len(kept) == 14 and not gone & set(kept)
    newest = max(backups.iterdir(), key=lambda p: p.stat().st_mtime)
    assert newest.stat().st_size > 0, "the new backup is among those kept"


# --- containers -----------------------------------------------------------------------------


def containerfile() -> list[tuple[str, str]]:
    """(instruction, arguments) of deploy/Containerfile, continuation lines joined."""
    text = (DEPLOY / "Containerfile").read_text("utf-8").replace("\\\n", " ")
    steps = []
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            instruction, _, rest = line.strip().partition(" ")
            steps.append((instruction.upper(), rest.strip()))
    return steps


def test_the_containerfile_builds_from_real_files_and_runs_pactwatch_as_a_user() -> None:
    steps = containerfile()
    assert steps[0] == ("FROM", "python:3.11-slim")
    for instruction, rest in steps:
        if instruction == "COPY":
            for source in rest.split()[:-1]:
                assert (REPO / source).exists(), f"COPY {source}: not in the repository"
    users = [rest for instruction, rest in steps if instruction == "USER"]
    assert users and users[-1] not in ("root", "0")
    [cmd] = [json.loads(rest) for instruction, rest in steps if instruction == "CMD"]
    assert cmd[0] == "pactwatch" and pactwatch_command(cmd[1:]) == "run"
    [health] = [rest for instruction, rest in steps if instruction == "HEALTHCHECK"]
    snippet = json.loads(health.split("CMD", 1)[1])[-1]
    compile(snippet, "HEALTHCHECK", "exec")
    installs = " ".join(rest for instruction, rest in steps if instruction == "RUN")
    extras = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    assert "pip install '.[scrapyd]'" in installs and "scrapyd" in extras["optional-dependencies"]


def compose() -> dict[str, Any]:
    yaml = pytest.importorskip("yaml", reason="PyYAML reads compose.yaml")
    loaded: dict[str, Any] = yaml.safe_load((DEPLOY / "compose.yaml").read_text("utf-8"))
    return loaded


def test_compose_runs_real_commands_with_real_settings() -> None:
    services = compose()["services"]
    assert services["postgres"]["image"].endswith("postgres:15")
    ours = {name: s for name, s in services.items() if "build" in s}
    commands = {name: s["command"] for name, s in ours.items()}
    assert commands["migrate"][0] == "pactwatch" and commands["pactwatch"][0] == "pactwatch"
    assert pactwatch_command(commands["migrate"][1:]) == "db upgrade"
    assert pactwatch_command(commands["pactwatch"][1:]) == "run"
    nodes = sorted(name for name, command in commands.items() if command == ["scrapyd"])
    assert nodes == ["scrapyd-1", "scrapyd-2"]
    assert shutil.which("scrapyd", path=str(VENV_BIN)), "scrapyd is installed with the project"
    known = {f"PACTWATCH_{name.upper()}" for name in Settings.model_fields}
    for name, service in ours.items():
        assert (REPO / "deploy" / service["build"]["dockerfile"].removeprefix("deploy/")).is_file()
        assert set(service["environment"]) <= known, f"{name}: unknown settings"
        test = service.get("healthcheck", {}).get("test")
        if test:
            compile(test[-1], f"{name} healthcheck", "exec")
    assert "mailpit" in services and services["pactwatch"]["environment"]["PACTWATCH_SMTP_URL"]


def test_the_compose_config_sends_crawls_to_the_compose_nodes(tmp_path: Path) -> None:
    """The image's config: the bundled sources and deploy/compose.toml, as the build joins them."""
    joined = tmp_path / "compose.toml"
    bundled = (REPO / "pactwatch" / "default_sources.toml").read_text("utf-8")
    joined.write_text(bundled + (DEPLOY / "compose.toml").read_text("utf-8"), "utf-8")
    config = load_config(joined)
    assert config.crawl.executor == "scrapyd" and config.sources
    hosts = {url.split("//")[1].rstrip("/") for url in config.crawl.scrapyd_urls}
    services = compose()["services"]
    assert hosts == {f"{name}:6800" for name in services if name.startswith("scrapyd-")}
    assert config.service.operator_email


@pytest.mark.skipif(shutil.which("scrapyd", path=str(VENV_BIN)) is None, reason="no scrapyd")
def test_a_node_started_as_in_the_image_lists_the_project(tmp_path: Path) -> None:
    """scrapyd, in a directory with deploy/scrapy.cfg: the installed package is its project."""
    port = free_port()
    conf = (DEPLOY / "scrapyd.conf").read_text("utf-8")
    conf = conf.replace("/var/lib/scrapyd", str(tmp_path / "scrapyd"))
    conf = conf.replace("bind_address = 0.0.0.0", "bind_address = 127.0.0.1")
    conf = conf.replace("http_port = 6800", f"http_port = {port}")
    (tmp_path / "scrapyd.conf").write_text(conf, "utf-8")
    shutil.copy(DEPLOY / "scrapy.cfg", tmp_path / "scrapy.cfg")
    with (tmp_path / "scrapyd.out").open("wb") as out:
        node = subprocess.Popen(
            [str(VENV_BIN / "scrapyd"), "--pidfile", str(tmp_path / "twistd.pid")],
            cwd=tmp_path, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until(lambda: _get(f"{base}/daemonstatus.json"), 30, "scrapyd to listen")
        spiders = _get(f"{base}/listspiders.json?project=pactwatch")
        assert spiders and spiders["spiders"] == ["pactwatch"], spiders
    finally:
        node.terminate()
        node.wait(15)


def _get(url: str) -> dict[str, Any] | None:
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            found: dict[str, Any] = json.loads(answer.read())
            return found
    except OSError:
        time.sleep(0.2)
        return None
