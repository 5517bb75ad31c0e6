"""What changed on the public page since a commit, and telling people about it.

    gitref    the published incidents as they were at a git commit
    changes   comparing two sets of incidents (shared by `changes` and `notify`)
    summary   a list of changes as text or Markdown (pull request summaries)
    payloads  the JSON webhook body and the chat message for one change
    send      posting with timeouts and bounded retries
    command   the `statusgen changes` and `statusgen notify` commands
"""
