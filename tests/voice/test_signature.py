"""Every hotline webhook refuses forged, unsigned and mis-addressed requests with 403."""

from __future__ import annotations

import logging

import pytest
from twilio.request_validator import RequestValidator

from connectors.voice.simulator import CallSimulator
from tests.voice.conftest import CALLER, PUBLIC_URL, TOKEN

ROUTES = ["/voice/incoming", "/voice/gather?step=menu", "/voice/dialed?step=menu", "/voice/status"]


@pytest.fixture
def app(make_hotline, closed_port_url):
    app, _ = make_hotline(closed_port_url)
    return app


def test_correctly_signed_request_gets_twiml(app) -> None:
    call = CallSimulator(app.test_client(), TOKEN, PUBLIC_URL, CALLER)
    turn = call.start()
    assert turn.status == 200
    assert turn.gather is not None


@pytest.mark.parametrize("route", ROUTES)
def test_unsigned_request_is_refused_on_every_route(app, route) -> None:
    call = CallSimulator(app.test_client(), TOKEN, PUBLIC_URL, CALLER)
    assert call.post(route, signature="").status == 403


@pytest.mark.parametrize("route", ROUTES)
def test_signature_made_with_another_token_is_refused(app, route) -> None:
    call = CallSimulator(app.test_client(), "not-the-account-token", PUBLIC_URL, CALLER)
    assert call.post(route).status == 403


def test_signature_over_the_internal_url_is_refused(app) -> None:
    """Behind a proxy Flask sees localhost; Twilio signed the public URL, and only that one counts."""
    call = CallSimulator(app.test_client(), TOKEN, "http://localhost", CALLER)
    assert call.post("/voice/incoming").status == 403


def test_changed_parameter_breaks_the_signature(app) -> None:
    client = app.test_client()
    params = {"CallSid": "CA123", "From": CALLER, "To": "+8653288512345"}
    signature = RequestValidator(TOKEN).compute_signature(PUBLIC_URL + "/voice/incoming", params)
    forged = dict(params, From="+8613800000000")
    response = client.post("/voice/incoming", data=forged, headers={"X-Twilio-Signature": signature})
    assert response.status_code == 403
    response = client.post("/voice/incoming", data=params, headers={"X-Twilio-Signature": signature})
    assert response.status_code == 200


def test_changed_query_breaks_the_signature(app) -> None:
    """The call state travels in the action URL's query; a caller cannot rewrite it."""
    client = app.test_client()
    params = {"CallSid": "CA123", "From": CALLER, "Digits": "2"}
    signature = RequestValidator(TOKEN).compute_signature(PUBLIC_URL + "/voice/gather?step=menu", params)
    response = client.post(
        "/voice/gather?step=menu&zone=蓝村街道", data=params, headers={"X-Twilio-Signature": signature}
    )
    assert response.status_code == 403


def test_without_auth_token_everything_is_refused_with_a_log_line(
    make_hotline, closed_port_url, caplog
) -> None:
    app, _ = make_hotline(closed_port_url, token="")
    call = CallSimulator(app.test_client(), "", PUBLIC_URL, CALLER)
    forged = RequestValidator("").compute_signature(PUBLIC_URL + "/voice/incoming", {"CallSid": "x"})
    with caplog.at_level(logging.ERROR, logger="connectors.voice.security"):
        assert call.post("/voice/incoming", signature=forged).status == 403
    assert any("TWILIO_AUTH_TOKEN 未设置" in r.getMessage() for r in caplog.records)
