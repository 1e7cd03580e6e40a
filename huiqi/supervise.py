"""The processes of ``make run`` and the supervisor that keeps them running (supervisord).

:func:`programs` says what runs — the action server, the Rasa server and the web app (gunicorn) — with
every address taken from :mod:`huiqi.settings`; :func:`jobs` adds the periodic background work that has
no HTTP port (the overdue warnings, ``huiqi warn-overdue --every``); :func:`render_config` turns that
into a supervisord
configuration: each program restarted when it dies (with supervisord's growing delay while it fails to
start), logged to ``<data dir>/logs/<name>.log`` with rotation, and watched by :mod:`huiqi.watchdog`,
which reports every crash and holds a crash loop back instead of restarting it forever.

``python -m huiqi.supervise write-config`` writes ``<data dir>/supervisord.conf`` and prints its path
(scripts/run.sh); ``python -m huiqi.supervise status`` prints each program's state.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import sys
import tempfile
import xmlrpc.client
from dataclasses import dataclass
from pathlib import Path

import click

from huiqi.settings import PROJECT_ROOT, Settings, get_settings

#: The application environment's interpreter and scripts (the Rasa server has its own, see rasa-serve.sh).
VENV_BIN = PROJECT_ROOT / ".venv" / "bin"
#: User name of supervisord's control interface (its password: :func:`rpc_password`).
RPC_USER = "huiqi"
#: Longest path a Unix socket may have (108 bytes with the terminating NUL on Linux).
MAX_SOCKET_PATH = 100


@dataclass(frozen=True)
class Program:
    """One supervised process.

    Attributes:
        name: the program's name in supervisord and in its log file.
        argv: the command, run from the project root.
        health_url: answers 200 once the process serves (empty for a background job).
        startsecs: seconds it must stay up to count as started (dying sooner is a failed start).
        env: extra environment variables of the process.
    """

    name: str
    argv: tuple[str, ...]
    health_url: str
    startsecs: int
    env: tuple[tuple[str, str], ...] = ()


#: Sanic (rasa-sdk and Rasa) waits up to 15 s for idle keep-alive connections on SIGTERM; 3 s is plenty
#: for a request in flight and lets Ctrl-C stop everything promptly.
SANIC_ENV = (("SANIC_GRACEFUL_SHUTDOWN_TIMEOUT", "3"),)


def programs(settings: Settings) -> list[Program]:
    """The three processes of Huiqi Desk, in start order, configured from ``settings``."""
    web_local = f"http://127.0.0.1:{settings.web_port}"
    return [
        Program(
            "actions",
            (
                str(VENV_BIN / "python"),
                "-m",
                "bot.actions.server",
                "--host",
                settings.action_server_host,
                "--port",
                str(settings.action_server_port),
            ),
            settings.action_server_url + "/health",
            startsecs=5,
            env=SANIC_ENV,
        ),
        Program(
            "rasa", ("bash", "scripts/rasa-serve.sh"), settings.rasa_url + "/", startsecs=5, env=SANIC_ENV
        ),
        Program(
            "web",
            (
                str(VENV_BIN / "gunicorn"),
                "--bind",
                f"{settings.web_bind}:{settings.web_port}",
                "--workers",
                str(settings.web_workers),
                "--threads",
                str(settings.web_threads),
                "--timeout",
                "30",
                "--graceful-timeout",
                "10",
                "--access-logfile",
                "-",
                "--config",  # workers exit when their master is killed (PR_SET_PDEATHSIG)
                "python:connectors.web.gunicorn_hooks",
                "--control-socket",  # one per data dir, not gunicorn's shared ~/.gunicorn/gunicorn.ctl
                str(control_socket_path(settings, "gunicorn.ctl")),
                "connectors.web.wsgi:app",
            ),
            web_local + "/healthz",
            startsecs=3,
        ),
    ]


def jobs(settings: Settings) -> list[Program]:
    """Background work of ``make run`` (no port, no health URL): the overdue warnings every
    ``HUIQI_OVERDUE_CHECK_SECONDS`` (none when 0), and the resident index builder when
    ``HUIQI_INDEX_BUILDER_RESIDENT`` is on (:func:`indexer`). Each ticket is warned once per due time
    and audience (its history says so), so a restarted job never warns twice."""
    found = []
    if settings.overdue_check_seconds > 0:
        argv = (str(VENV_BIN / "python"), "-m", "connectors.notify.overdue", "--every")  # its imports only
        found.append(Program("overdue", (*argv, str(settings.overdue_check_seconds)), "", startsecs=3))
    if settings.index_builder_resident:
        found.append(indexer(settings))
    return found


def indexer(settings: Settings) -> Program:
    """The resident index builder: loaded from the start, it builds each publish on ``/office/policies``
    (and any change of the corpus folder) incrementally, so even the first publish is served within
    seconds; the web's re-index requests find it holding the index folder's lock and leave it the work."""
    argv = (
        str(VENV_BIN / "python"),
        "-m",
        "policy_index.editorial.reindex",
        "--corpus",
        str(settings.corpus_dir),
        "--out",
        str(settings.index_dir),
        "--status",
        str(settings.data_dir / "editorial" / "reindex.json"),
        "--resident",
    )
    return Program("indexer", argv, "", startsecs=5)


def log_dir(settings: Settings) -> Path:
    """Where each program's output is written (``<name>.log``, rotated by supervisord)."""
    return settings.data_dir / "logs"


def control_socket_path(settings: Settings, name: str) -> Path:
    """A Unix socket ``name`` of this data dir: in it, or in /tmp when that path is too long for a socket."""
    path = settings.data_dir / name
    if len(str(path)) <= MAX_SOCKET_PATH:
        return path
    digest = hashlib.sha256(str(settings.data_dir).encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"huiqi-{digest}-{name}"


def rpc_password(settings: Settings) -> str:
    """The control interface's password, kept in ``<data dir>/supervisor.secret`` (created once, 0600)."""
    path = settings.data_dir / "supervisor.secret"
    if not path.is_file():
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileExistsError):  # another process wrote it first: read that one
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="ascii") as fh:
                fh.write(secrets.token_hex(16))
    return path.read_text(encoding="ascii").strip()


def socket_path(settings: Settings) -> Path:
    """supervisord's control socket."""
    return control_socket_path(settings, "supervisor.sock")


def _quote(arg: str) -> str:
    """One argument in supervisord's command syntax (shlex-like; ``%`` is its expansion character)."""
    arg = arg.replace("%", "%%")
    if arg and all(c.isalnum() or c in "-_./:=@,+" for c in arg):
        return arg
    return '"' + arg.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_config(settings: Settings) -> str:
    """supervisord's configuration for ``settings`` (foreground, control socket, the programs and jobs,
    watchdog)."""
    logs = log_dir(settings)
    lines = [
        "; Written by `python -m huiqi.supervise write-config` from huiqi.settings: do not edit, it is",
        "; rewritten at every `make run`.",
        "[supervisord]",
        "nodaemon=true",
        *(["user=root"] if os.geteuid() == 0 else []),  # as whoever started it; says so instead of warning
        f"logfile={logs / 'supervisord.log'}",
        "logfile_maxbytes=10MB",
        "logfile_backups=3",
        f"pidfile={settings.data_dir / 'supervisord.pid'}",
        f"childlogdir={logs}",
        f"directory={PROJECT_ROOT}",
        "",
        "[unix_http_server]",
        f"file={socket_path(settings)}",
        "chmod=0700",
        f"username={RPC_USER}",
        f"password={rpc_password(settings)}",
        "",
        "[rpcinterface:supervisor]",
        "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface",
        "",
        "[supervisorctl]",
        f"serverurl=unix://{socket_path(settings)}",
        f"username={RPC_USER}",
        f"password={rpc_password(settings)}",
        "",
    ]
    for priority, program in enumerate([*programs(settings), *jobs(settings)], 1):
        lines += [
            f"[program:{program.name}]",
            "command=" + " ".join(_quote(a) for a in program.argv),
            f"directory={PROJECT_ROOT}",
            f"priority={priority * 10}",
            "autostart=true",
            "autorestart=true",
            f"startsecs={program.startsecs}",
            "startretries=3",  # then FATAL: huiqi.watchdog reports it and tries again later
            "stopsignal=TERM",
            "stopwaitsecs=15",
            "stopasgroup=true",  # gunicorn's workers and rasa-serve.sh's children stop with them
            "killasgroup=true",
            "redirect_stderr=true",
            f"stdout_logfile={logs / (program.name + '.log')}",
            "stdout_logfile_maxbytes=20MB",
            "stdout_logfile_backups=5",
            *([f"environment={','.join(f'{k}={_quote(v)}' for k, v in program.env)}"] if program.env else []),
            "",
        ]
    lines += [
        "[eventlistener:watchdog]",
        f"command={_quote(str(VENV_BIN / 'python'))} -m huiqi.watchdog",
        f"directory={PROJECT_ROOT}",
        "events=PROCESS_STATE",
        "buffer_size=100",
        "autorestart=true",
        f"stderr_logfile={logs / 'watchdog.log'}",  # scripts/run.sh shows it on the terminal of `make run`
        "stderr_logfile_maxbytes=5MB",
        "stderr_logfile_backups=3",
        "",
    ]
    return "\n".join(lines)


def write_config(settings: Settings) -> Path:
    """Write :func:`render_config` to ``<data dir>/supervisord.conf`` (creating the log folder); its path."""
    log_dir(settings).mkdir(parents=True, exist_ok=True)
    path = settings.data_dir / "supervisord.conf"
    tmp = path.with_suffix(".conf.tmp")
    tmp.write_text(render_config(settings), encoding="utf-8")
    tmp.replace(path)
    return path


def rpc(settings: Settings) -> xmlrpc.client.ServerProxy:
    """A client of the running supervisord's XML-RPC interface (over its control socket)."""
    from supervisor.xmlrpc import SupervisorTransport

    transport = SupervisorTransport(RPC_USER, rpc_password(settings), f"unix://{socket_path(settings)}")
    return xmlrpc.client.ServerProxy("http://127.0.0.1", transport)


def fatal_programs(settings: Settings) -> list[str]:
    """Programs supervisord has given up starting (state FATAL); empty when it cannot be asked."""
    try:
        with rpc(settings) as server:
            infos = server.supervisor.getAllProcessInfo()
    except (OSError, xmlrpc.client.Error):
        return []
    return [info["name"] for info in infos if info["statename"] == "FATAL"]  # type: ignore[union-attr]


@click.group()
def main() -> None:
    """supervisord configuration of `make run`."""


@main.command("write-config")
def write_config_command() -> None:
    """Write <data dir>/supervisord.conf from the settings and print its path."""
    click.echo(write_config(get_settings()))


@main.command("log-dir")
def log_dir_command() -> None:
    """Print the folder of the processes' logs."""
    click.echo(log_dir(get_settings()))


@main.command()
def status() -> None:
    """Print each supervised program's state (supervisord must be running)."""
    try:
        with rpc(get_settings()) as server:
            infos = server.supervisor.getAllProcessInfo()
    except (OSError, xmlrpc.client.Error) as exc:
        click.echo(f"无法连接 supervisord：{exc}", err=True)
        sys.exit(1)
    for info in infos:  # type: ignore[union-attr]
        click.echo(f"{info['name']:<10} {info['statename']:<9} {info['description']}")


if __name__ == "__main__":
    main()
