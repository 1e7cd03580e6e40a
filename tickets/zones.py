"""The zones file (data/zones.yaml): zones, aliases, places, SLA hours, lawyer teams, office users.

:meth:`ZoneDirectory.load` validates the whole file and raises :class:`ZoneFileError` naming the
file and the first problem found, so that a bad edit never reaches a running system.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from policy_index.zone_scope import place_forms
from tickets.district import District
from tickets.validation import TicketValidationError, normalize_phone
from tickets.vocab import CATEGORIES, DEFAULT_SLA_HOURS

LOGIN_RE = re.compile(r"^[a-z0-9][a-z0-9_.-]{1,63}$")
#: One time range of an ``office_hours`` text (``8:30-12:00``); connectors.voice.office_hours reads them.
OFFICE_HOURS_RANGE_RE = re.compile(r"(\d{1,2})[:：](\d{2})\s*[-~～—至到]\s*(\d{1,2})[:：](\d{2})")
#: Longest district name accepted (a district, county or city name, perhaps with its city).
MAX_DISTRICT_NAME = 20


class ZoneFileError(ValueError):
    """The zones file is missing or invalid; the message names the file and the problem (in Chinese)."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"区位配置文件 {self.path} 有误：{problem}")


@dataclass(frozen=True)
class Lawyer:
    """One lawyer of a team; ``login`` is unique across the whole file."""

    name: str
    login: str
    phone: str


@dataclass(frozen=True)
class Team:
    """A law-firm team contracted to a set of zones."""

    id: str
    firm: str
    zones: tuple[str, ...]
    lawyers: tuple[Lawyer, ...]
    duty_phone: str = ""
    office_hours: str = ""

    def lawyer(self, login: str) -> Lawyer | None:
        """Return this team's lawyer with ``login``, or None."""
        return next((law for law in self.lawyers if law.login == login), None)


@dataclass(frozen=True)
class OfficeUser:
    """A district-office account of the zones file: every team; window and visit cases, moves tickets
    between teams, manages accounts (it does not reply to firms)."""

    name: str
    login: str


@dataclass(frozen=True)
class Account:
    """Who a login is: role ``lawyer`` (with ``team_id``), ``office``, ``department`` (with the issuing
    ``department`` it answers for) or ``editor`` (tickets.vocab.ROLES)."""

    login: str
    name: str
    role: str
    team_id: str | None
    department: str | None = None


@dataclass(frozen=True)
class ZoneDirectory:
    """Validated content of the zones file. Build it with :meth:`load` or :meth:`from_mapping`."""

    zones: tuple[str, ...]
    aliases: dict[str, str]  # alias -> zone
    places: dict[str, tuple[str, ...]]  # place -> zones it lies in (several = crosses zones)
    teams: tuple[Team, ...]
    district: District
    office_users: tuple[OfficeUser, ...] = ()
    sla_hours: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_SLA_HOURS))
    path: str = "<memory>"

    @classmethod
    def load(cls, path: Path | str) -> ZoneDirectory:
        """Read and validate a zones file.

        Raises:
            ZoneFileError: the file is missing, not YAML, or breaks a rule (the message says which).
        """
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError as exc:
            raise ZoneFileError(path, "文件不存在") from exc
        except (OSError, UnicodeDecodeError) as exc:
            raise ZoneFileError(path, f"无法读取（{exc}）") from exc
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"第 {mark.line + 1} 行" if mark is not None else ""
            raise ZoneFileError(path, f"YAML 格式错误{where}：{getattr(exc, 'problem', exc)}") from exc
        return cls.from_mapping(data, path=str(path))

    @classmethod
    def from_mapping(cls, data: Any, path: str = "<memory>") -> ZoneDirectory:
        """Validate an already parsed mapping (same rules as :meth:`load`)."""
        return _Parser(path).parse(data)

    # --- look-ups -------------------------------------------------------------------------------

    @cached_property
    def _team_by_zone(self) -> dict[str, Team]:
        return {zone: team for team in self.teams for zone in team.zones}

    @cached_property
    def _accounts(self) -> dict[str, Account]:
        accounts = {
            law.login: Account(law.login, law.name, "lawyer", team.id)
            for team in self.teams
            for law in team.lawyers
        }
        accounts.update({u.login: Account(u.login, u.name, "office", None) for u in self.office_users})
        return accounts

    @cached_property
    def _resolver(self) -> Any:
        from tickets.resolver import ZoneResolver

        return ZoneResolver(self)

    @cached_property
    def place_names(self) -> tuple[str, ...]:
        """Every name of a place in the district: its zones, their aliases, the listed places and the
        district's own names (:attr:`District.names`)."""
        return tuple(dict.fromkeys((*self.zones, *self.aliases, *self.places, *self.district.names)))

    def resolve(self, text: str) -> str | None:
        """Zone named or implied by ``text`` (zone name, alias, listed place), or None when unknown
        or ambiguous — then ask the firm, never guess."""
        return self._resolver.resolve(text)

    def team_for_zone(self, zone: str) -> Team:
        """The team contracted to ``zone``.

        Raises:
            KeyError: ``zone`` is not a zone of this file.
        """
        try:
            return self._team_by_zone[zone]
        except KeyError:
            raise KeyError(f"未知区位：{zone}") from None

    def team(self, team_id: str) -> Team | None:
        """The team with ``team_id``, or None."""
        return next((t for t in self.teams if t.id == team_id), None)

    def account(self, login: str) -> Account | None:
        """Who ``login`` is (lawyer of which team, or office), or None for an unknown login."""
        return self._accounts.get(login)

    def accounts(self) -> list[Account]:
        """Every login in the file: all lawyers, then office users."""
        return list(self._accounts.values())


class _Parser:
    """Validation rules of the zones file; each failure raises ZoneFileError naming the file."""

    def __init__(self, path: str) -> None:
        self.path = path

    def fail(self, problem: str) -> ZoneFileError:
        return ZoneFileError(self.path, problem)

    def parse(self, data: Any) -> ZoneDirectory:
        if not isinstance(data, dict):
            raise self.fail("顶层应为映射（包含 zones、teams 等键）")
        zones = self._zones(data.get("zones"))
        aliases = self._aliases(data.get("aliases") or {}, zones)
        places = self._places(data.get("places") or {}, zones)
        teams = self._teams(data.get("teams"), zones)
        office = self._office(data.get("office_users") or [])
        logins = [law.login for t in teams for law in t.lawyers] + [u.login for u in office]
        dup = _first_duplicate(logins)
        if dup:
            raise self.fail(f"登录名 {dup} 重复，每个账号的登录名必须唯一")
        sla = self._sla(data.get("sla_hours") or {})
        district = self._district(data.get("district"))
        return ZoneDirectory(zones, aliases, places, teams, district, office, sla, self.path)

    def _district(self, value: Any) -> District:
        """The ``district`` section: name, hotline and address, each required and checked."""
        example = 'district: {name: 即墨区, hotline: "0532-88512345", address: 即墨区…政务服务中心}'
        if not isinstance(value, dict):
            raise self.fail(f"缺少 district（本区名称、热线电话、办公地址），例如 {example}")
        name, hotline, address = (str(value.get(k) or "").strip() for k in ("name", "hotline", "address"))
        if not name or len(name) > MAX_DISTRICT_NAME:
            raise self.fail(f"district.name 应为本区名称（1–{MAX_DISTRICT_NAME} 字，如“即墨区”）")
        try:
            normalize_phone(hotline)
        except TicketValidationError:
            raise self.fail(
                f"district.hotline“{hotline[:40]}”无效，应为带区号的固定电话或手机号（如 0532-88512345）"
            ) from None
        if not address:
            raise self.fail("district.address 不能为空：企业需要知道到哪里现场办理")
        return District(name, hotline, address)

    def _str_list(self, value: Any, what: str) -> list[str]:
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.fail(f"{what} 应为非空字符串列表")
        return [v.strip() for v in value]

    def _zones(self, value: Any) -> tuple[str, ...]:
        if not value:
            raise self.fail("缺少 zones（区位列表）")
        zones = self._str_list(value, "zones")
        dup = _first_duplicate(zones)
        if dup:
            raise self.fail(f"区位 {dup} 在 zones 中重复出现")
        return tuple(zones)

    def _known_zone(self, zone: Any, where: str) -> str:
        if zone not in self._zone_set:
            raise self.fail(f"{where} 中的区位 {zone} 不在 zones 列表里")
        return zone

    def _aliases(self, value: Any, zones: tuple[str, ...]) -> dict[str, str]:
        self._zone_set = set(zones)
        if not isinstance(value, dict):
            raise self.fail("aliases 应为“区位: [别名, …]”的映射")
        result: dict[str, str] = {}
        for zone, names in value.items():
            self._known_zone(zone, "aliases")
            for alias in self._str_list(names, f"aliases.{zone}"):
                if alias in self._zone_set and alias != zone:
                    raise self.fail(f"别名 {alias} 与另一个区位同名")
                if result.get(alias, zone) != zone:
                    raise self.fail(f"别名 {alias} 同时指向 {result[alias]} 和 {zone}")
                result[alias] = zone
        return result

    def _places(self, value: Any, zones: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
        if not isinstance(value, dict):
            raise self.fail("places 应为“区位: [道路/社区/村庄/园区, …]”的映射")
        result: dict[str, list[str]] = {}
        for zone, names in value.items():
            self._known_zone(zone, "places")
            for listed in self._str_list(names, f"places.{zone}"):
                for place in place_forms(listed):  # "拉林河湿地（景区）" is said 拉林河湿地
                    result.setdefault(place, [])
                    if zone not in result[place]:
                        result[place].append(zone)
        return {place: tuple(zs) for place, zs in result.items()}

    def _teams(self, value: Any, zones: tuple[str, ...]) -> tuple[Team, ...]:
        if not isinstance(value, list) or not value:
            raise self.fail("缺少 teams（律师团队列表）")
        teams = [self._team(i, item) for i, item in enumerate(value, 1)]
        dup = _first_duplicate([t.id for t in teams])
        if dup:
            raise self.fail(f"团队编号 {dup} 重复")
        owner: dict[str, str] = {}
        for team in teams:
            for zone in team.zones:
                self._known_zone(zone, f"团队 {team.id}")
                if zone in owner:
                    raise self.fail(
                        f"区位 {zone} 同时属于 {owner[zone]} 和 {team.id}，每个区位只能属于一个团队"
                    )
                owner[zone] = team.id
        missing = [z for z in zones if z not in owner]
        if missing:
            raise self.fail(f"区位 {'、'.join(missing)} 没有分配给任何团队")
        return tuple(teams)

    def _team(self, index: int, item: Any) -> Team:
        if not isinstance(item, dict):
            raise self.fail(f"第 {index} 个团队应为映射")
        team_id = item.get("id")
        if not isinstance(team_id, str) or not team_id.strip():
            raise self.fail(f"第 {index} 个团队缺少 id")
        firm = item.get("firm")
        if not isinstance(firm, str) or not firm.strip():
            raise self.fail(f"团队 {team_id} 缺少 firm（律师事务所名称）")
        zones = self._str_list(item.get("zones") or [], f"团队 {team_id} 的 zones")
        lawyers_raw = item.get("lawyers")
        if not isinstance(lawyers_raw, list) or not lawyers_raw:
            raise self.fail(f"团队 {team_id} 没有律师")
        lawyers = tuple(self._lawyer(team_id, law) for law in lawyers_raw)
        return Team(
            id=team_id.strip(),
            firm=firm.strip(),
            zones=tuple(zones),
            lawyers=lawyers,
            duty_phone=self._duty_phone(team_id, item.get("duty_phone")),
            office_hours=self._office_hours(team_id, item.get("office_hours")),
        )

    def _office_hours(self, team_id: str, value: Any) -> str:
        """The team's office hours (optional: absent means 工作日 8:30-17:30); a text the hotline cannot
        read is refused here, naming the team, rather than silently meaning the default."""
        text = str(value or "").strip()
        if not text:
            return ""
        ranges = OFFICE_HOURS_RANGE_RE.findall(text)
        valid = ranges and all(
            int(h1) <= 24
            and int(h2) <= 24
            and int(m1) < 60
            and int(m2) < 60
            and (int(h1), int(m1)) < (int(h2), int(m2))
            for h1, m1, h2, m2 in ranges
        )
        if not valid:
            raise self.fail(
                f"团队 {team_id} 的办公时间 office_hours“{text[:40]}”无法识别，"
                "应写成“工作日 8:30-12:00，13:30-17:30”或“周一至周六 9:00-17:00”这样的时间段"
            )
        return text

    def _duty_phone(self, team_id: str, value: Any) -> str:
        """The team's duty phone as written (optional); the hotline transfers calls to it, so an
        unusable number is refused here rather than failing a caller's transfer."""
        phone = str(value or "").strip()
        if phone:
            try:
                normalize_phone(phone)
            except TicketValidationError:
                raise self.fail(
                    f"团队 {team_id} 的值班电话 duty_phone“{phone[:40]}”无效，"
                    "应为手机号或带区号的固定电话（如 0532-88510001）"
                ) from None
        return phone

    def _lawyer(self, team_id: str, item: Any) -> Lawyer:
        if not isinstance(item, dict):
            raise self.fail(f"团队 {team_id} 的律师条目应为映射（name、login、phone）")
        name, login, phone = (str(item.get(k) or "").strip() for k in ("name", "login", "phone"))
        if not name or not login or not phone:
            raise self.fail(f"团队 {team_id} 的律师 {name or login or '?'} 缺少 name、login 或 phone")
        return Lawyer(name, self._login(login), phone)

    def _office(self, value: Any) -> tuple[OfficeUser, ...]:
        if not isinstance(value, list):
            raise self.fail("office_users 应为列表")
        users = []
        for item in value:
            if not isinstance(item, dict) or not item.get("name") or not item.get("login"):
                raise self.fail("office_users 的每一项都需要 name 和 login")
            users.append(OfficeUser(str(item["name"]).strip(), self._login(str(item["login"]).strip())))
        return tuple(users)

    def _login(self, login: str) -> str:
        if not LOGIN_RE.match(login):
            raise self.fail(f"登录名 {login} 不合规（小写字母、数字、._-，2–64 位）")
        return login

    def _sla(self, value: Any) -> dict[str, float]:
        if not isinstance(value, dict):
            raise self.fail("sla_hours 应为“类别: 小时数”的映射")
        sla: dict[str, float] = dict(DEFAULT_SLA_HOURS)
        for category, hours in value.items():
            if category not in CATEGORIES:
                raise self.fail(f"sla_hours 中的类别 {category} 不是已知类别（{'、'.join(CATEGORIES)}）")
            if isinstance(hours, bool) or not isinstance(hours, int | float) or hours <= 0:
                raise self.fail(f"sla_hours.{category} 应为正数（小时）")
            sla[category] = hours
        return sla


def _first_duplicate(items: list[str]) -> str | None:
    seen: set[str] = set()
    for item in items:
        if item in seen:
            return item
        seen.add(item)
    return None
