"""A firm that tells its story before (or instead of) asking: the names in it that find the policy are
kept, and what it asks at the end confirms the policy its whole story ranks first. On two collections
written blind (blind101 玉州区, blind103 潞州区), built with the real ``policy-index build``."""

from __future__ import annotations

from pathlib import Path

import pytest

from tickets import ZoneDirectory

from .conftest import ask, loaded_index

EVAL = Path(__file__).parents[2] / "data" / "eval"


def _collection(tmp_path_factory: pytest.TempPathFactory, name: str):
    zones = ZoneDirectory.load(EVAL / name / "zones.yaml")
    index = loaded_index(EVAL / name / "policies", tmp_path_factory.mktemp(f"{name}-index"))

    def asked(text: str):
        return ask(
            index,
            text,
            resolve_zone=zones.resolve,
            place_names=zones.place_names,
            district_names=zones.district.names,
        )

    return asked


@pytest.fixture(scope="module")
def luzhou(tmp_path_factory: pytest.TempPathFactory):
    return _collection(tmp_path_factory, "blind103")


@pytest.fixture(scope="module")
def yuzhou(tmp_path_factory: pytest.TempPathFactory):
    return _collection(tmp_path_factory, "blind101")


def test_a_story_naming_the_building_it_moved_into_finds_the_building_policy(luzhou) -> None:
    """潞州商务大厦 is a landmark of the zones file and begins with the district's name: searched without
    it, the story found nothing and was only noted ("已记下")."""
    answer, state = luzhou("我们公司去年从外省迁到潞州商务大厦 租了四百平米办公 去年在区里交税一百多万")

    assert answer is not None and answer.answered
    assert answer.citations[0]["policy_id"] == "LZ-2025-014"  # 潞州区促进楼宇经济发展若干措施
    assert state.policy_id == "LZ-2025-014"


def test_what_is_asked_after_the_story_confirms_the_policy_it_ranks_first(yuzhou) -> None:
    """The whole story ranks the night-economy notice first but below the answer threshold; its last
    clause alone clears it."""
    answer, _ = yuzhou("我们在步行街开了家大排档，夜里开到十二点，之前听说门头亮化改造能补贴")

    assert answer.answered
    assert answer.citations[0]["policy_id"] == "YZ-2024-019"
