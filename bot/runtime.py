"""How the Rasa server is wired to the rest of Huiqi Desk, derived from :mod:`huiqi.settings`.

``bot/endpoints.yml`` reads ``${RASA_ACTION_ENDPOINT}`` and ``${RASA_TRACKER_*}``; this module
computes them (``python -m bot.runtime`` prints them as shell ``export`` lines for
``scripts/rasa-env.sh``). The tracker store is a SQLite file under ``HUIQI_DATA_DIR`` unless
``HUIQI_DATABASE_URL`` points to PostgreSQL, in which case the conversations go to that same database
(table ``events``, beside the tickets' tables).
"""

from __future__ import annotations

import shlex
from pathlib import Path

from sqlalchemy.engine import make_url

from huiqi.settings import PROJECT_ROOT, Settings, get_settings

#: The Rasa project root (config.yml, domain.yml, data/ …).
BOT_DIR = PROJECT_ROOT / "bot"
#: Where scripts/train-rasa.sh writes the model and its content hash.
MODEL_DIR = BOT_DIR / "models"
#: SQLite file of the conversations under the data dir (when no PostgreSQL is configured).
TRACKER_FILE = "rasa-tracker.db"


def tracker_url(settings: Settings) -> str:
    """SQLAlchemy URL of Rasa's tracker store (for Rasa's own SQLAlchemy 1.4 and psycopg2)."""
    url = make_url(settings.database_url)
    if url.get_backend_name() == "postgresql":
        return url.set(drivername="postgresql").render_as_string(hide_password=False)
    return f"sqlite:///{Path(settings.data_dir) / TRACKER_FILE}"


def rasa_environment(settings: Settings | None = None) -> dict[str, str]:
    """The environment variables ``bot/endpoints.yml`` needs, plus Rasa's quiet-mode switches."""
    settings = settings or get_settings()
    url = tracker_url(settings)
    dialect = make_url(url).get_backend_name()
    return {
        "RASA_ACTION_ENDPOINT": f"{settings.action_server_url}/webhook",
        "RASA_TRACKER_DIALECT": dialect,
        "RASA_TRACKER_URL": url,
        "RASA_TRACKER_DB": make_url(url).database or "",
        # where scripts/rasa-serve.sh listens, and the token of Rasa's HTTP API (empty: none)
        "RASA_INTERFACE": settings.rasa_host,
        "RASA_PORT": str(settings.rasa_port),
        "RASA_AUTH_TOKEN": settings.rasa_token,
        "RASA_TELEMETRY_ENABLED": "false",
        "TF_CPP_MIN_LOG_LEVEL": "3",
        "TF_ENABLE_ONEDNN_OPTS": "0",
    }


def main() -> None:
    """Print ``export NAME=value`` lines for the Rasa server's environment."""
    for name, value in rasa_environment().items():
        print(f"export {name}={shlex.quote(value)}")


if __name__ == "__main__":
    main()
