"""The deploy workflow as it is in .github/workflows, under act: the first run puts the site live and
announces nothing (there is nothing to compare with), the next push is announced on every channel."""
from __future__ import annotations

SUCCESS = {"build": "success", "deploy": "success", "notify": "success"}


def test_deploy_goes_live_then_announces_the_next_update(life):
    first = life.run()
    assert first.jobs == SUCCESS, first.output()
    page = (life.hosting.live / "index.html").read_text(encoding="utf-8")
    assert "Elevated API errors" in page
    assert life.delivered() == {"email": [], "webhook": [], "chat": []}

    token = life.update("api", "identified", "a faulty deploy; rolling back.")
    life.commit("API: identified")
    second = life.run()

    assert second.jobs == SUCCESS, second.output()
    assert life.delivered() == {"email": [token], "webhook": [token], "chat": [token]}
    assert f"{token}: a faulty deploy" in (life.hosting.live / "incidents" / "api" / "index.html").read_text()
