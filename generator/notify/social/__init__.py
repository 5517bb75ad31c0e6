"""Posting the social drafts: Mastodon and Bluesky, where a token is configured (X stays a draft).

    http      one JSON request within a time limit, telling "not sent" from "sent, no answer"
    mastodon  POST /api/v1/statuses, with the message id as its Idempotency-Key
    bluesky   createSession, then createRecord of an app.bsky.feed.post under a record key the
              communications record remembers, so that a retry cannot make a second post
    post      a change's post for one platform, threaded under the incident's earlier posts

Every call is bounded by its attempt's time and the run's deadline (notify.send.retrying).
"""
