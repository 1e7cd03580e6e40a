"""The district profile: which district runs this Huiqi Desk, its hotline and its office address.

Read from the ``district`` section of the zones file (``tickets.zones``), so that one file describes a
whole district: every text firms see or hear — the hotline's greeting, SMS signatures, page titles and
the message shown while the assistant is down — is built from it, never from a name written in code.
"""

from __future__ import annotations

from dataclasses import dataclass

from policy_index.zone_scope import district_names

#: The service's own name, which every district keeps.
SERVICE_NAME = "惠企通"


@dataclass(frozen=True)
class District:
    """The district a deployment serves.

    Attributes:
        name: the district as firms call it, e.g. ``即墨区``.
        hotline: the enterprise-service hotline as written for people, e.g. ``0532-88512345``.
        address: where firms can go in person (the service window), e.g. ``即墨区…号政务服务中心``.
    """

    name: str
    hotline: str
    address: str

    @property
    def names(self) -> tuple[str, ...]:
        """The district's name as firms say it (:func:`policy_index.zone_scope.district_names`)."""
        return district_names(self.name)

    @property
    def service_name(self) -> str:
        """``即墨区惠企通``: the service with its district, for greetings and titles."""
        return f"{self.name}{SERVICE_NAME}"

    @property
    def sms_signature(self) -> str:
        """``【即墨区惠企通】``: the signature that opens every SMS (Chinese SMS convention)."""
        return f"【{self.service_name}】"
