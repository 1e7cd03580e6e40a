"""A corrupt or stale policy index is refused at start, with a clear Chinese message, by the action
server (which answers from it) and by ``/healthz`` (which the supervisor and load balancer watch) —
never served as silently wrong answers.

The index is built by the real CLI from a small corpus (tests/bot/corpus) into a temporary folder.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import pytest
import requests

from tests.ops.conftest import web_env
from tests.ops.procs import APP_PY, ROOT, Proc, actions_proc, free_port, web_proc

pytestmark = pytest.mark.slow

SMALL_CORPUS = ROOT / "tests" / "bot" / "corpus"
REFUSE_WITHIN = 120.0


@pytest.fixture(scope="module")
def built_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A good index of the small corpus (``<folder>/corpus``, ``<folder>/index``), built once."""
    folder = tmp_path_factory.mktemp("ops-index")
    shutil.copytree(SMALL_CORPUS, folder / "corpus")
    done = subprocess.run(
        [str(APP_PY.parent / "policy-index"), "build", "--corpus", str(folder / "corpus"), "--out",
         str(folder / "index"), "--quiet"],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False,
        env={"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    return folder


@pytest.fixture
def index_copy(built_index: Path, tmp_path: Path) -> Path:
    """A private copy of the good index and its corpus (``corpus/``, ``index/``) to damage."""
    shutil.copytree(built_index / "corpus", tmp_path / "corpus")
    shutil.copytree(built_index / "index", tmp_path / "index")
    return tmp_path


def stale(folder: Path) -> str:
    """Change a policy after the build: the index no longer matches the corpus."""
    policy = sorted((folder / "corpus").glob("*.md"))[0]
    policy.write_text(policy.read_text(encoding="utf-8") + "\n第九十九条 本办法自发布之日起修订。\n", "utf-8")
    return "已过期"


def corrupt_vectors(folder: Path) -> str:
    """Flip bytes in the middle of the FAISS file (a bad disk, a half-copied deploy)."""
    faiss_file = folder / "index" / "dense.faiss"
    data = bytearray(faiss_file.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 64] = bytes(b ^ 0xFF for b in data[middle : middle + 64])
    faiss_file.write_bytes(bytes(data))
    return "已损坏"


def corrupt_manifest(folder: Path) -> str:
    """Truncate the manifest (an interrupted copy)."""
    manifest = folder / "index" / "manifest.json"
    manifest.write_bytes(manifest.read_bytes()[:40])
    return "已损坏"


def index_env(folder: Path) -> dict[str, str]:
    return web_env(folder, HUIQI_CORPUS_DIR=str(folder / "corpus"), HUIQI_INDEX_DIR=str(folder / "index"))


@pytest.mark.parametrize("damage", [stale, corrupt_vectors, corrupt_manifest])
def test_action_server_refuses_to_start_on_a_bad_index(damage, index_copy: Path, procs: list[Proc]) -> None:
    expected = damage(index_copy)
    port = free_port()
    actions = actions_proc(index_copy, index_env(index_copy), port)
    procs.append(actions.start())
    deadline = time.monotonic() + REFUSE_WITHIN
    while actions.alive() and time.monotonic() < deadline:
        try:
            up = requests.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200
        except requests.RequestException:
            up = False
        assert not up, f"the action server started serving on a damaged index:\n{actions.tail()}"
        time.sleep(0.5)
    code = actions.wait_exit(5)
    assert code not in (None, 0), f"the action server neither refused nor exited:\n{actions.tail()}"
    log = actions.tail(200)
    assert expected in log and "policy-index build" in log, f"no clear message in the log:\n{log}"


def test_action_server_starts_on_a_good_index(index_copy: Path, procs: list[Proc]) -> None:
    port = free_port()
    actions = actions_proc(index_copy, index_env(index_copy), port)
    procs.append(actions.start())
    actions.wait_http(f"http://127.0.0.1:{port}/health", timeout=REFUSE_WITHIN)


@pytest.mark.parametrize("damage", [stale, corrupt_manifest])
def test_healthz_reports_a_bad_index(damage, index_copy: Path, procs: list[Proc]) -> None:
    port = free_port()
    web = web_proc(index_copy, index_env(index_copy), port, workers=1)
    procs.append(web.start())
    base = f"http://127.0.0.1:{port}"
    web.wait_http(base + "/widget.js", timeout=60)
    good = requests.get(base + "/healthz", timeout=10).json()["checks"]["index"]
    assert good["ok"] is True, good

    expected = damage(index_copy)
    response = requests.get(base + "/healthz", timeout=10)
    assert response.status_code == 503
    check = response.json()["checks"]["index"]
    assert check["ok"] is False and expected in check["detail"], check
