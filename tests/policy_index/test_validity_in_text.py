"""A policy whose validity is stated only in its text ("本通知…有效期至2025年6月30日", no ``valid_until`` in
the front matter) is known to have expired, and one valid for three years from its start is known to run.

Real index of an invented county (tests/policy_index/corpus_validity), built by ``policy-index build``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli_index import loaded_index

CORPUS = Path(__file__).parent / "corpus_validity"


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory):
    return loaded_index(CORPUS, tmp_path_factory.mktemp("validity-index"))


def test_a_notice_that_says_it_ran_until_last_year_has_expired(index) -> None:
    policy = index.policy("SY-V-001")

    assert policy["valid_until"] == "2025-06-30" and policy["valid_until_inferred"] is True
    assert policy["expired"] is True
    hit = index.search("直播基地奖励多少", k=1)["hits"][0]
    assert (hit["policy_id"], hit["expired"]) == ("SY-V-001", True)  # the answer can say so


def test_a_length_counted_from_the_start_it_gives_is_read_too(index) -> None:
    policy = index.policy("SY-V-002")

    assert policy["valid_until"] == "2028-02-29" and policy["expired"] is False
