"""The deploy workflow as it is in .github/workflows, under act: a push before the communications record
exists deploys and then stops before sending anything, saying how to begin it; run by hand to begin
the record, it deploys and announces nothing; the next push is announced on every channel."""
from __future__ import annotations

SUCCESS = {"build": "success", "deploy": "success", "notify": "success"}


def test_deploy_goes_live_then_announces_the_next_update(life):
    before = life.run()
    assert before.jobs == {**SUCCESS, "notify": "failure"}, before.output()
    assert "begin" in before.output("notify").lower()
    # statusgen's own Action (`uses: ./`) ran for real: installed once from the wheelhouse, found again.
    build = before.output("build")
    assert "statusgen is installed already (this job used the Action before)." in build, build
    assert "Could not find" not in build and "ERROR:" not in build
    assert "Elevated API errors" in (life.hosting.live / "index.html").read_text(encoding="utf-8")

    begun = life.run("workflow_dispatch", inputs={"begin_record": "true"})
    assert begun.jobs == SUCCESS, begun.output()
    assert life.delivered() == {"email": [], "webhook": [], "chat": []}
    assert life.record(), "the record branch was not made"

    token = life.update("api", "identified", "a faulty deploy; rolling back.")
    life.commit("API: identified")
    second = life.run()

    assert second.jobs == SUCCESS, second.output()
    assert life.delivered() == {"email": [token], "webhook": [token], "chat": [token]}
    assert f"{token}: a faulty deploy" in (life.hosting.live / "incidents" / "api" / "index.html").read_text()
