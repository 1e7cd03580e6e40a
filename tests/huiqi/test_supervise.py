"""huiqi.supervise: the supervisord configuration is written from the settings, and supervisord reads it."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from supervisor.options import ServerOptions

from huiqi.settings import Settings
from huiqi.supervise import jobs, programs, socket_path, write_config


def test_config_from_settings_is_what_supervisord_reads(tmp_path: Path) -> None:
    settings = dataclasses.replace(
        Settings.from_env(),
        data_dir=tmp_path,
        web_port=8140,
        rasa_port=5140,
        action_server_port=5240,
        web_workers=3,
        index_builder_resident=True,
    )
    options = ServerOptions()
    options.realize(args=["-c", str(write_config(settings))])
    groups = {group.name: group for group in options.process_group_configs}
    assert set(groups) == {"actions", "rasa", "web", "overdue", "indexer", "watchdog"}
    indexer = groups["indexer"].process_configs[0]  # the index builder, loaded from the start
    assert "-m policy_index.editorial.reindex" in indexer.command and "--resident" in indexer.command
    assert f"--status {tmp_path / 'editorial' / 'reindex.json'}" in indexer.command
    overdue = groups["overdue"].process_configs[0]  # the overdue warnings, every 600 s by default
    assert "-m connectors.notify.overdue --every 600" in overdue.command and overdue.autorestart
    web = groups["web"].process_configs[0]
    assert "--bind 0.0.0.0:8140" in web.command and "--workers 3" in web.command
    assert "--port 5240" in groups["actions"].process_configs[0].command
    assert all(group.process_configs[0].autorestart for group in groups.values())
    assert web.stdout_logfile == str(tmp_path / "logs" / "web.log")
    assert [p.health_url for p in programs(settings)][-1] == "http://127.0.0.1:8140/healthz"


def test_the_resident_index_builder_is_off_unless_asked_for(monkeypatch) -> None:
    # at rest it holds ~1 GB, which would take make run over its 3 GB memory target
    monkeypatch.delenv("HUIQI_INDEX_BUILDER_RESIDENT", raising=False)
    assert "indexer" not in [job.name for job in jobs(Settings.from_env())]
    monkeypatch.setenv("HUIQI_INDEX_BUILDER_RESIDENT", "1")
    assert "indexer" in [job.name for job in jobs(Settings.from_env())]


def test_the_overdue_check_follows_its_setting(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("HUIQI_INDEX_BUILDER_RESIDENT", "0")
    monkeypatch.setenv("HUIQI_OVERDUE_CHECK_SECONDS", "0")
    assert jobs(Settings.from_env()) == []  # 0: run `huiqi warn-overdue` by hand or from cron
    monkeypatch.setenv("HUIQI_OVERDUE_CHECK_SECONDS", "90")
    [job] = jobs(Settings.from_env())
    assert job.name == "overdue" and job.argv[-2:] == ("--every", "90")


def test_control_socket_moves_out_of_a_deep_data_dir(tmp_path: Path) -> None:
    deep = tmp_path / ("d" * 120)
    settings = dataclasses.replace(Settings.from_env(), data_dir=deep)
    assert len(str(socket_path(settings))) < 100 and str(deep) not in str(socket_path(settings))


def test_moving_a_servers_port_moves_where_the_others_look_for_it(monkeypatch) -> None:
    monkeypatch.delenv("HUIQI_RASA_URL", raising=False)
    monkeypatch.delenv("HUIQI_ACTION_SERVER_URL", raising=False)
    monkeypatch.setenv("HUIQI_RASA_PORT", "5405")
    monkeypatch.setenv("HUIQI_ACTION_SERVER_PORT", "5455")
    settings = Settings.from_env()
    assert settings.rasa_url == "http://127.0.0.1:5405"
    assert settings.action_server_url == "http://127.0.0.1:5455"
    # the health check `make run` waits on, and the endpoint Rasa calls, follow the port
    assert "http://127.0.0.1:5455/health" in [p.health_url for p in programs(settings)]
    monkeypatch.setenv("HUIQI_ACTION_SERVER_URL", "http://actions.internal:9000/")
    assert Settings.from_env().action_server_url == "http://actions.internal:9000"


def test_moving_the_web_port_moves_the_links_the_banner_and_sms_give(monkeypatch) -> None:
    monkeypatch.delenv("HUIQI_PUBLIC_URL", raising=False)
    monkeypatch.setenv("HUIQI_WEB_PORT", "8800")
    assert Settings.from_env().public_url == "http://127.0.0.1:8800"
    monkeypatch.setenv("HUIQI_PUBLIC_URL", "https://huiqi.example.gov.cn/")
    assert Settings.from_env().public_url == "https://huiqi.example.gov.cn"
