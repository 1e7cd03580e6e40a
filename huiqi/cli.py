"""The ``huiqi`` command: operator tools grouped under one entry point.

Sub-commands live beside the code they drive and are registered here, e.g. ``huiqi route``
(tickets), ``huiqi console set-password`` and ``huiqi tickets digest`` (tickets), ``huiqi call``
(connectors.voice), ``huiqi backup`` / ``huiqi restore`` (huiqi.backup).
"""

from __future__ import annotations

import importlib

import click

#: (module, attribute) of each click command or group added to ``huiqi``; a module that is not
#: there yet is skipped so that each part can land on its own.
SUBCOMMANDS: list[tuple[str, str]] = [
    ("tickets.cli", "route"),
    ("tickets.cli", "tickets"),
    ("tickets.cli", "console"),
    ("tickets.accounts_cli", "accounts"),
    ("tickets.report_cli", "report"),
    ("connectors.voice.cli", "call"),
    ("connectors.notify.overdue", "warn_overdue"),
    ("huiqi.backup", "backup_command"),
    ("huiqi.backup", "restore_command"),
    ("matching.cli", "match"),
    ("matching.cli", "conditions"),
    ("connectors.wechat.cli", "wechat"),
    ("connectors.campaigns.cli", "profiles"),
    ("connectors.campaigns.cli", "campaign"),
]


@click.group()
def main() -> None:
    """惠企通 Huiqi Desk 运维命令。"""


for module_name, attr in SUBCOMMANDS:
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and module_name.startswith(exc.name):
            continue
        raise
    main.add_command(getattr(module, attr))


if __name__ == "__main__":
    main()
