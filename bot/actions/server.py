"""The action server of Huiqi Desk: load and check everything first, then serve rasa-sdk's HTTP protocol.

``python -m bot.actions.server --host 127.0.0.1 --port 5055`` (the ``actions`` program of huiqi.supervise):

1. JSON logs (``huiqi.logs.configure_logging("actions")``);
2. loads the policy index (checked against the corpus of ``HUIQI_CORPUS_DIR`` and its own checksums),
   the embedding model, the zones file and the ticket store — a stale or corrupt index, a missing
   model or a bad zones file ends the process with exit code 2 and a Chinese message saying how to
   fix it, before the port is ever opened;
3. answers one question through the real answer path, so the first firm does not wait for lazy setup;
4. serves rasa-sdk's ``/webhook``, ``/health`` and ``/actions`` in one process (the index is loaded
   once, in the process that answers), and ``/index`` (the index version served); each new build of
   the index (``make index``) is swapped in within seconds, without a restart (``policy_index.live``).
"""

from __future__ import annotations

import argparse
import logging
import sys
import time

from huiqi.logs import configure_logging
from huiqi.settings import get_settings

logger = logging.getLogger("bot.actions.server")

#: Exit code when the server refuses to start (bad index, model, zones or database).
EXIT_REFUSED = 2
#: Question answered once at start (the index's own warm-up covers retrieval; this covers composing).
WARM_UP_QUESTION = "高新技术企业认定有什么奖励"
#: Libraries whose start-up chatter (INFO) says nothing an operator needs.
QUIET_LOGGERS = ("alembic", "faiss.loader", "sentence_transformers")
#: How to rebuild the index, appended to a refusal that does not already say it.
REBUILD_HINT = (
    "修复方法：运行 `make index`（或 `policy-index build --corpus <政策目录> --out <索引目录>`）"
    "重建索引（运行中的动作服务器会在几秒内自动换用新索引）。"
)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options: where to listen (defaults: ``HUIQI_ACTION_SERVER_HOST``/``_PORT``)."""
    settings = get_settings()
    parser = argparse.ArgumentParser(prog="python -m bot.actions.server", description=__doc__.splitlines()[0])
    parser.add_argument("--host", default=settings.action_server_host)
    parser.add_argument("--port", type=int, default=settings.action_server_port)
    return parser.parse_args(argv)


def refuse(message: str) -> int:
    """Log why the server will not start (JSON on stderr) and return :data:`EXIT_REFUSED`."""
    logger.error("动作服务器拒绝启动：%s", message)
    return EXIT_REFUSED


def load_services() -> str | None:
    """Load the index, the embedding model, the zones and the ticket store; the refusal reason or None."""
    from bot.actions import services
    from policy_index import StaleIndexError
    from policy_index.embedding_model import EmbeddingModelError
    from tickets import ZoneFileError

    try:
        index = services.get_index()  # read with the zones file: a bad one is refused here
    except ZoneFileError as error:
        return str(error)
    except StaleIndexError as error:
        said = str(error)
        return (
            f"{said} 重建后再启动动作服务器。" if "policy-index build" in said else f"{said} {REBUILD_HINT}"
        )
    except EmbeddingModelError as error:
        return str(error)
    try:
        services.get_zones()
        services.get_store()
    except ZoneFileError as error:
        return str(error)
    except Exception as error:
        return f"工单数据库无法打开（{type(error).__name__}: {error}），请检查 HUIQI_DATABASE_URL。"
    logger.info("政策索引已加载：%d 个条款分块，%d 项政策", len(index), len(index.policies))
    return None


def warm_up() -> float:
    """Answer :data:`WARM_UP_QUESTION` once through the real answer path; return the seconds it took."""
    from bot.actions import services
    from bot.actions.retrieval import answer_question

    start = time.perf_counter()
    answer_question(services.get_index(), WARM_UP_QUESTION, intent="ask_policy", zone=None)
    return time.perf_counter() - start


def executor_class() -> type:
    """rasa-sdk's ``ActionExecutor`` that tags each action's logs with the conversation id.

    ``huiqi.logs.conversation_id_var`` is set to Rasa's sender id (``web-…``/``tel-…``) for the action
    and every worker thread it starts; one line per action says its name, outcome and duration — never
    what the firm said (names and phone numbers stay out of the logs).
    """
    from rasa_sdk.executor import ActionExecutor
    from rasa_sdk.interfaces import ActionExecutionRejection

    from huiqi.logs import conversation_id_var

    class ConversationActionExecutor(ActionExecutor):
        async def run(self, action_call, *args, **kwargs):  # type: ignore[override]
            token = conversation_id_var.set(str(action_call.get("sender_id") or "") or None)
            name = action_call.get("next_action")
            start = time.perf_counter()
            outcome = "error"
            try:
                result = await super().run(action_call, *args, **kwargs)
                outcome = "ok"
                return result
            except ActionExecutionRejection:
                outcome = "rejected"  # a form's answer was refused: Rasa asks again
                raise
            finally:
                elapsed_ms = round((time.perf_counter() - start) * 1000, 1)
                logger.info("动作 %s：%s", name, outcome, extra={"action": name, "ms": elapsed_ms})
                conversation_id_var.reset(token)

    return ConversationActionExecutor


def add_index_route(app) -> None:
    """``GET /index``: the index this process answers from (version, build time, counts, loaded at).

    The index is swapped for each new build without a restart (``policy_index.live``); the web app's
    ``/healthz`` shows this version.
    """
    from sanic import response

    from bot.actions import services

    async def index_status(request):  # Sanic passes the request
        return response.json(services.get_live_index().status())

    app.add_route(index_status, "/index", methods=["GET"], name="index_status")


def serve(host: str, port: int) -> None:
    """Serve the project's actions with rasa-sdk in this process (blocks until SIGINT/SIGTERM)."""
    from rasa_sdk.endpoint import create_app

    executor = executor_class()()
    executor.register_package("bot.actions")
    app = create_app(executor, cors_origins=None)  # called by Rasa only: no browser, no CORS
    add_index_route(app)
    logger.info("动作服务器开始监听 http://%s:%d", host, port)
    app.run(host=host, port=port, single_process=True, access_log=False, motd=False)


def main(argv: list[str] | None = None) -> int:
    """Start the action server; return a non-zero exit code when it refuses to start."""
    args = parse_args(argv)
    configure_logging("actions")
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    started = time.perf_counter()
    reason = load_services()
    if reason:
        return refuse(reason)
    logger.info("索引与模型加载用时 %.1f 秒，预热问答用时 %.2f 秒", time.perf_counter() - started, warm_up())
    serve(args.host, args.port)
    return 0


if __name__ == "__main__":
    sys.exit(main())
