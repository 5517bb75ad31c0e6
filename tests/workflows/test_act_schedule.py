"""The scheduled rebuild and messages still owed: a message that failed goes out at the next scheduled
check, even when nothing on the page would change (before, it waited for the next push)."""
from __future__ import annotations

from datetime import timedelta


def test_a_failed_message_goes_out_at_the_next_scheduled_check(life):
    life.run("workflow_dispatch", inputs={"begin_record": "true"})
    # Half an hour on, so that no moment the page depends on falls between the next build and the check.
    life.now += timedelta(minutes=30)
    token = life.update("api", "resolved", "error rates are back to normal.")
    life.commit("API: resolved")
    life.mailbox.script("554")
    refused = life.run()
    check = life.run("schedule")

    assert refused.jobs.get("notify") == "failure", str(refused)
    assert "not settled" in check.output("check"), check.output("check")  # the only reason to deploy
    assert check.jobs.get("notify") == "success", str(check)
    assert life.delivered()["email"] == [token], str(check)
