"""One place for configuration: every process reads its settings here, from ``HUIQI_*`` variables.

Defaults give a working system on a fresh clone: the shipped corpus and zones file, state under
``var/``, SQLite, and every service on localhost. The README documents the same table.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

N = TypeVar("N", int, float)

#: The repository root: defaults point at data shipped in the clone, wherever the process starts.
PROJECT_ROOT = Path(__file__).resolve().parents[1]
#: Shared lexicon (jieba domain dictionary, synonyms, stop words): data read by ``policy_index``, the
#: bot and the voice connector, and by Rasa's tokenizer (``bot/config.yml``). Code reads it through
#: ``policy_index.normalize`` (``LEXICON_DIR``, ``DICT_DIR``, ``dictionary_entries()``).
LEXICON_DIR = PROJECT_ROOT / "data" / "lexicon"


def _path(name: str, default: Path) -> Path:
    value = os.environ.get(name, "").strip()
    return Path(value).expanduser().resolve() if value else default


def _str(name: str, default: str) -> str:
    value = os.environ.get(name, "").strip()
    return value or default


def _number(name: str, default: N, cast: Callable[[str], N], kind: str) -> N:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return cast(value)
    except ValueError as exc:
        raise ValueError(f"环境变量 {name} 应为{kind}，实际为 {value!r}") from exc


def _int(name: str, default: int) -> int:
    return _number(name, default, int, "整数")


def _local_url(host: str, port: int) -> str:
    """How a process on this machine reaches a server listening on ``host:port``."""
    reachable = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    return f"http://{reachable}:{port}"


def _positive(name: str, default: int) -> int:
    value = _int(name, default)
    if value < 1:
        raise ValueError(f"环境变量 {name} 应为正整数（天数），实际为 {value}")
    return value


def _float(name: str, default: float) -> float:
    return _number(name, default, float, "数字")


#: Debian fonts-noto-cjk's serif collection: the default Chinese font of PDF reports.
REPORT_FONT = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")


@dataclass(frozen=True)
class Settings:
    """All settings of Huiqi Desk, read once from the environment by :meth:`from_env`."""

    corpus_dir: Path
    zones_file: Path
    data_dir: Path
    database_url: str
    index_dir: Path
    embed_model: Path
    public_url: str
    web_port: int
    rasa_url: str
    action_server_url: str
    hotline_number: str  # overrides the district profile's hotline (zones file) when set
    twilio_auth_token: str
    twilio_account_sid: str
    twilio_from_number: str
    # Web application (connectors.web); defaults keep a fresh clone working.
    secret_key: str = ""  # empty: a random key is kept in <data_dir>/secret_key
    ratelimit_storage_uri: str = "memory://"  # e.g. redis://host:6379 to share limits across workers
    chat_rate_limit: str = "30 per minute"  # per sender id on /api/chat
    chat_ip_rate_limit: str = "300 per minute"  # per client IP on /api/chat
    login_rate_limit: str = "5 per minute"  # failed-or-not console login attempts per IP and per login
    trusted_proxies: int = 0  # reverse proxies in front of the web app (X-Forwarded-For hops to trust)
    secure_cookies: bool = False  # Secure flag on cookies; on by default when public_url is https
    embed_origins: str = "*"  # CSP frame-ancestors for the chat page (sites that may embed the widget)
    # Scale-out: Rasa's lock store in Redis (redis://[:password@]host:port/db) so that several Rasa
    # servers can serve the same conversations; empty = in-memory locks (one Rasa server).
    lock_store_url: str = ""
    # Embedding runtime: "onnx" (the model directory's ONNX export in onnxruntime, falls back to torch
    # when the directory has none) or "torch". Same vectors either way.
    embed_backend: str = "onnx"
    # Where the action server listens (huiqi.supervise passes both to it).
    action_server_host: str = "127.0.0.1"
    action_server_port: int = 5055
    # The trained reranker (`make reranker`); every index build copies it into the index folder.
    reranker_dir: Path = PROJECT_ROOT / "var" / "reranker"
    # Seconds between the action server's looks for a new index build (0: never reload without a restart).
    index_reload_seconds: int = 2
    # Seconds the background index builder started by a publish on /office/policies stays loaded after
    # its last build, re-indexing the next publish at once (0: exit after each build).
    index_builder_warm_seconds: int = 600
    # true: make run keeps one index builder loaded from the start (the supervised `indexer` job, ~1 GB
    # RSS), so even the first publish after a start is built warm; false (default, keeps memory at rest
    # under 3 GB): the review page starts a builder when an editor opens it (warm by the first publish).
    index_builder_resident: bool = False
    # Where `make run` starts Rasa (rasa_url follows unless set) and the token of its HTTP API (/status).
    rasa_host: str = "127.0.0.1"
    rasa_port: int = 5005
    rasa_token: str = ""
    # gunicorn: bind address, worker processes, threads per worker.
    web_bind: str = "0.0.0.0"
    web_workers: int = 2
    web_threads: int = 8
    # Seconds `make run` waits for every process to be healthy before giving up.
    start_timeout: int = 240
    # WeChat official account (connectors.wechat): the token set in the account's server settings
    # (unset: /wechat refuses everything), the EncodingAESKey and AppID for safe mode, the AppSecret
    # for outbound customer-service messages and the menu (unset: recorded to <data_dir>), and the
    # seconds a passive reply may take before the answer goes out as a customer-service message.
    wechat_token: str = ""
    wechat_aes_key: str = ""
    wechat_appid: str = ""
    wechat_appsecret: str = ""
    wechat_reply_seconds: float = 4.0
    # The template (模板消息) campaign pushes use on WeChat; its fields: first, keyword1–3, remark.
    wechat_push_template_id: str = "huiqi-policy-push"
    # Overdue warnings (超期预警, `huiqi warn-overdue`): hours before the due time a warning goes out,
    # and the district office's mobile for them (empty: the office reads them in the console only);
    # how often `make run` checks (its supervised `overdue` process; 0: not started, run it by hand).
    overdue_warning_hours: float = 4.0
    office_alert_phone: str = ""
    overdue_check_seconds: int = 600
    # The Chinese font embedded in PDF reports (legal check-ups): a TrueType/OpenType file or collection
    # (Debian's fonts-noto-cjk; the Simplified Chinese face of a .ttc is chosen by name).
    report_font: Path = REPORT_FONT
    # Days from a 维权 complaint until the case's outcome is due (shown on the case page; overdue after).
    rights_case_days: int = 30

    @classmethod
    def from_env(cls) -> Settings:
        """Read settings from ``HUIQI_*`` / ``TWILIO_*`` environment variables, with defaults."""
        data_dir = _path("HUIQI_DATA_DIR", PROJECT_ROOT / "var")
        # The URLs the processes use to find Rasa and the action server follow where `make run` starts
        # them (HUIQI_RASA_PORT, HUIQI_ACTION_SERVER_PORT) unless set themselves.
        rasa_url = _local_url(_str("HUIQI_RASA_HOST", "127.0.0.1"), _int("HUIQI_RASA_PORT", 5005))
        action_url = _local_url(
            _str("HUIQI_ACTION_SERVER_HOST", "127.0.0.1"), _int("HUIQI_ACTION_SERVER_PORT", 5055)
        )
        web_url = _local_url("127.0.0.1", _int("HUIQI_WEB_PORT", 8000))
        return cls(
            corpus_dir=_path("HUIQI_CORPUS_DIR", PROJECT_ROOT / "data" / "policies"),
            zones_file=_path("HUIQI_ZONES_FILE", PROJECT_ROOT / "data" / "zones.yaml"),
            data_dir=data_dir,
            database_url=_str("HUIQI_DATABASE_URL", f"sqlite:///{data_dir / 'huiqi.db'}"),
            index_dir=_path("HUIQI_INDEX_DIR", data_dir / "index"),
            embed_model=_path("HUIQI_EMBED_MODEL", PROJECT_ROOT / "var" / "models" / "multilingual-e5-small"),
            reranker_dir=_path("HUIQI_RERANKER_DIR", PROJECT_ROOT / "var" / "reranker"),
            # Links in SMS, pages and the start-up banner: where the web app listens unless set.
            public_url=_str("HUIQI_PUBLIC_URL", web_url).rstrip("/"),
            web_port=_int("HUIQI_WEB_PORT", 8000),
            rasa_url=_str("HUIQI_RASA_URL", rasa_url).rstrip("/"),
            action_server_url=_str("HUIQI_ACTION_SERVER_URL", action_url).rstrip("/"),
            hotline_number=_str("HUIQI_HOTLINE_NUMBER", ""),  # empty: the zones file's district.hotline
            twilio_auth_token=os.environ.get("TWILIO_AUTH_TOKEN", "").strip(),
            twilio_account_sid=os.environ.get("TWILIO_ACCOUNT_SID", "").strip(),
            twilio_from_number=os.environ.get("TWILIO_FROM_NUMBER", "").strip(),
            secret_key=os.environ.get("HUIQI_SECRET_KEY", "").strip(),
            ratelimit_storage_uri=_str("HUIQI_RATELIMIT_STORAGE_URI", "memory://"),
            chat_rate_limit=_str("HUIQI_CHAT_RATE_LIMIT", "30 per minute"),
            chat_ip_rate_limit=_str("HUIQI_CHAT_IP_RATE_LIMIT", "300 per minute"),
            login_rate_limit=_str("HUIQI_LOGIN_RATE_LIMIT", "5 per minute"),
            trusted_proxies=_int("HUIQI_TRUSTED_PROXIES", 0),
            secure_cookies=_str(
                "HUIQI_SECURE_COOKIES", "1" if _str("HUIQI_PUBLIC_URL", "http:").startswith("https:") else "0"
            ).lower()
            in ("1", "true", "yes", "on"),
            embed_origins=_str("HUIQI_EMBED_ORIGINS", "*"),
            lock_store_url=_str("HUIQI_LOCK_STORE_URL", ""),
            embed_backend=_str("HUIQI_EMBED_BACKEND", "onnx").lower(),
            action_server_host=_str("HUIQI_ACTION_SERVER_HOST", "127.0.0.1"),
            action_server_port=_int("HUIQI_ACTION_SERVER_PORT", 5055),
            index_reload_seconds=_int("HUIQI_INDEX_RELOAD_SECONDS", 2),
            index_builder_warm_seconds=_int("HUIQI_INDEX_BUILDER_WARM_SECONDS", 600),
            index_builder_resident=_str("HUIQI_INDEX_BUILDER_RESIDENT", "0").lower()
            in ("1", "true", "yes", "on"),
            rasa_host=_str("HUIQI_RASA_HOST", "127.0.0.1"),
            rasa_port=_int("HUIQI_RASA_PORT", 5005),
            rasa_token=os.environ.get("HUIQI_RASA_TOKEN", "").strip(),
            web_bind=_str("HUIQI_WEB_BIND", "0.0.0.0"),
            web_workers=_int("HUIQI_WEB_WORKERS", 2),
            web_threads=_int("HUIQI_WEB_THREADS", 8),
            start_timeout=_int("HUIQI_START_TIMEOUT", 240),
            wechat_token=os.environ.get("HUIQI_WECHAT_TOKEN", "").strip(),
            wechat_aes_key=os.environ.get("HUIQI_WECHAT_AES_KEY", "").strip(),
            wechat_appid=os.environ.get("HUIQI_WECHAT_APPID", "").strip(),
            wechat_appsecret=os.environ.get("HUIQI_WECHAT_APPSECRET", "").strip(),
            wechat_reply_seconds=_float("HUIQI_WECHAT_REPLY_SECONDS", 4.0),
            wechat_push_template_id=_str("HUIQI_WECHAT_PUSH_TEMPLATE_ID", "huiqi-policy-push"),
            overdue_warning_hours=_float("HUIQI_OVERDUE_WARNING_HOURS", 4.0),
            office_alert_phone=os.environ.get("HUIQI_OFFICE_ALERT_PHONE", "").strip(),
            overdue_check_seconds=max(0, _int("HUIQI_OVERDUE_CHECK_SECONDS", 600)),
            report_font=_path("HUIQI_REPORT_FONT", REPORT_FONT),
            rights_case_days=_positive("HUIQI_RIGHTS_CASE_DAYS", 30),
        )


def get_settings() -> Settings:
    """Return settings read from the current environment (cheap; call where needed)."""
    return Settings.from_env()
