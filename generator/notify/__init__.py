"""What changed on the public page since a commit, and telling people about it.

    gitref    the published incidents as they were at a git commit
    changes   comparing two sets of incidents (shared by `changes` and `notify`)
    summary   a list of changes as text or Markdown (pull request summaries)
    compare   both sides of a comparison (a commit and the working tree)
    plan      which change goes to which target (pure)
    payloads  the JSON webhook body and the chat message for one change
    deliver   a planned notification's body, sent
    send      posting with timeouts and bounded retries
    report    what a run did, as log lines and a job summary

The commands are in generator/cli/notify.py.
"""
