"""The deploy and scheduled-rebuild workflows, run 24 times under act over a repository whose incidents
change between runs, with the SMTP server, the webhook receiver, origin, the artifact store and the live
site failing in the ways the issue names: every message is delivered exactly once on every channel,
an update stamped ahead is announced when it shows, and the record only grows."""
from __future__ import annotations

from datetime import timedelta


def test_every_message_once_through_24_runs_with_faults(life):
    hosting, mailbox, receiver = life.hosting, life.mailbox, life.receiver
    ran = []

    # 1. Run by hand to begin the record: it deploys and announces nothing.
    ran.append(life.run("workflow_dispatch", inputs={"begin_record": "true"}))
    # 2. A new incident.
    life.open_incident("sign-in", "Sign-in failures")
    life.commit("Sign-in failures")
    ran.append(life.run())
    # 3. An update; the SMTP server refuses its e-mail for good (554), so it is due again.
    life.update("api", "identified", "a faulty deploy; rolling back.")
    life.commit("API: identified")
    mailbox.script("554")
    ran.append(life.run())
    # 4. The schedule.
    ran.append(life.run("schedule"))
    # 5. An update, whose webhook gets 500 at every attempt; the e-mail refused in run 3 goes out.
    life.update("sign-in", "identified", "the identity provider is rejecting tokens.")
    life.commit("Sign-in: identified")
    receiver.script("/hook", "500", "500", "500")
    ran.append(life.run())
    # 6. The schedule.
    ran.append(life.run("schedule"))
    # 7. A wrong update is posted and announced (the chat server takes it, then cuts the line) ...
    life.update("api", "monitoring", "WRONG: all fixed (it was not).")
    life.commit("API: monitoring (wrong)")
    receiver.script("/chat", "drop")
    ran.append(life.run())
    # 8. ... taken back with git revert (a removed update is not announced; the webhook of run 5 goes out) ...
    life.revert_last()
    ran.append(life.run())
    # 9. ... and corrected: a new message, though it has the same update number as the wrong one.
    life.update("api", "identified", "the rollback is halfway through.")
    life.commit("API: corrected update")
    ran.append(life.run())
    # 10. A new incident; the SMTP server takes the e-mail whole, then the line drops before its answer.
    life.open_incident("exports", "Delayed exports")
    life.commit("Delayed exports")
    mailbox.script("drop")
    ran.append(life.run())
    # 11. A push that announces nothing: the e-mail whose fate is unknown is not sent again blindly.
    life.quiet_commit("About: support hours")
    ran.append(life.run())
    # 12. A resolution; fetching the record from origin fails (502): nothing may be sent.
    life.update("sign-in", "resolved", "sign-in works again.")
    life.commit("Sign-in: resolved")
    hosting.arm("git-fetch", "error-502")
    ran.append(life.run())
    # 13. A push that announces nothing; origin rejects the record's push once: what is unsent waits.
    life.quiet_commit("About: contact address")
    hosting.arm("push-statusgen-record", "reject")
    ran.append(life.run())
    # 14. A new incident, with a second update stamped 25 minutes ahead (a fast laptop clock); the
    #     resolution held back in runs 12 and 13 goes out, and the SMTP server takes the new incident's
    #     e-mail whole and never answers.
    life.open_incident("webhooks", "Webhook delays")
    ahead = life.update("webhooks", "identified", "a queue is backed up.", at=life.now + timedelta(minutes=25))
    life.commit("Webhook delays")
    mailbox.script("ok", "hang")
    ran.append(life.run())
    # 15. The schedule: the update is still more than 10 minutes ahead, so hidden, and not announced.
    ran.append(life.run("schedule"))
    early = {channel: ahead in tokens for channel, tokens in life.delivered().items()}
    # 16. The schedule: now it shows; the page must be rebuilt and the update announced.
    ran.append(life.run("schedule"))
    shown = {channel: ahead in tokens for channel, tokens in life.delivered().items()}
    # 17. A resolution; the webhook receiver takes it whole and never answers.
    life.update("api", "resolved", "error rates are back to normal.")
    life.commit("API: resolved")
    receiver.script("/hook", "hang")
    ran.append(life.run())
    # 18. The schedule cannot read the live page (503), so it rebuilds to be safe: the webhook message
    #     whose fate is unknown is not sent again blindly.
    hosting.site.script.modes.append("503")
    ran.append(life.run("schedule"))
    # 19. A new incident while the SMTP server accepts connections and never says a word.
    life.open_incident("billing", "Billing page errors")
    life.commit("Billing page errors")
    ran.append(life.run(smtp_url=mailbox.silent_url()))
    # 20. Another while nothing listens on the SMTP port or the webhook's.
    life.open_incident("queue", "Queue delays")
    life.commit("Queue delays")
    ran.append(life.run(smtp_url=mailbox.closed_url(), hook_url=receiver.closed_url("/hook")))
    # 21. A push that announces nothing, the servers back: both e-mails and the webhook go out.
    life.quiet_commit("About: status page owners")
    ran.append(life.run())
    # 22. A new incident; uploading the site fails, so nothing is deployed or announced.
    life.open_incident("search", "Search unavailable")
    life.commit("Search unavailable")
    hosting.arm("upload-pages-artifact", "fail")
    ran.append(life.run())
    # 23. The schedule sees a commit the page was not built from: it deploys, and announces.
    ran.append(life.run("schedule"))
    # 24. Run by hand with the first commit as 'since': nothing already delivered goes out again.
    first = hosting.git("rev-list", "--max-parents=0", "HEAD")
    ran.append(life.run("workflow_dispatch", inputs={"since": first}))

    report = "\n".join(str(run) for run in ran)
    problems = [f"fault armed for {point} but never hit: {modes}" for point, modes in hosting.pending_faults().items()]
    leftovers = {"SMTP": mailbox.handler.script.modes, "live site": hosting.site.script.modes,
                 **{path: script.modes for path, script in receiver.scripts.items()}}
    problems += [f"{where}: answers scripted but never given: {modes}" for where, modes in leftovers.items() if modes]
    if any(early.values()) or not all(shown.values()):
        problems.append(f"{ahead} (stamped ahead) was not announced when it showed: after run 15 {early}, "
                        f"after run 16 {shown}")
    if "Search unavailable" not in (hosting.live / "index.html").read_text(encoding="utf-8"):
        problems.append("the live site does not show the last incident")
    problems += life.problems()
    print(report)  # shown with -s or -rP: what each run did
    assert len(ran) == 24
    assert not problems, "\n".join(problems) + "\n\n" + report
