"""The web application factory serves the hotline webhooks, configured from the app's config."""

from __future__ import annotations

from connectors.voice.simulator import CallSimulator
from connectors.web import create_app
from tests.voice.conftest import CALLER, PUBLIC_URL, TOKEN


def test_create_app_serves_signed_hotline_webhooks(tmp_path, closed_port_url) -> None:
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'huiqi.db'}",
            "DATA_DIR": str(tmp_path),
            "RASA_URL": closed_port_url,
            "PUBLIC_URL": PUBLIC_URL,
            "TWILIO_AUTH_TOKEN": TOKEN,
            "RATELIMIT_STORAGE_URI": "memory://",
        }
    )
    good = CallSimulator(app.test_client(), TOKEN, PUBLIC_URL, CALLER)
    assert good.start().status == 200
    assert good.say("稳岗返还怎么申请").gather is not None  # Rasa down: apology, still listening
    forged = CallSimulator(app.test_client(), "forged", PUBLIC_URL, CALLER)
    assert forged.start().status == 403


def test_the_chat_and_the_hotline_share_one_store_and_one_rasa_client(make_hotline, closed_port_url) -> None:
    from connectors.services import get_services
    from connectors.web.services import get_rasa, get_store

    app, services = make_hotline(closed_port_url)
    call = CallSimulator(app.test_client(), TOKEN, PUBLIC_URL, CALLER)
    call.start()
    with app.app_context():
        assert get_services() is services and get_store() is services.store and get_rasa() is services.rasa
    # the greeting went to the call log of that one store
    assert services.store.transcript(call.sender)[0]["role"] == "bot"
