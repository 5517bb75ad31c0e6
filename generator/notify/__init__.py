"""Delivering what comms drafted for each change, exactly once, and keeping the record of it.

    plan      which change goes to which target (pure)
    targets   the targets configured in the environment
    deliver   a planned notification's body, sent
    send      posting with timeouts and bounded retries
    email_send  one e-mail over SMTP, within a deadline
    report    what a run did, as log lines and a job summary

What changed is generator.changes; what to say is generator.comms. The
commands are in generator/cli/notify.py.
"""
