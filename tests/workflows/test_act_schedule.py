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


def test_the_scheduled_run_reminds_the_team_once_of_an_overdue_update(life):
    life.run("workflow_dispatch", inputs={"begin_record": "true"})
    # The incident's last update was two minutes before the start; P1 asks for one every 15 minutes.
    life.now += timedelta(minutes=30)
    team = life.receiver.url("/team")
    first = life.run("schedule", team_url=team)
    second = life.run("schedule", team_url=team)

    assert first.jobs.get("remind") == "success", first.output("remind")
    assert second.jobs.get("remind") == "success", second.output("remind")
    [reminder] = life.receiver.delivered("/team")
    assert "the next public update was due by" in reminder.json()["text"]
    assert "already" in second.output("remind")
    # Only the team chat: the public chat and webhook heard nothing new from the schedule.
    assert life.receiver.delivered("/chat") == [] and life.receiver.delivered("/hook") == []
