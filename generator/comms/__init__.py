"""Communications: every message a company sends about an incident, drafted from its file.

    kinds    which message an update asks for (first notice, update, resolution,
             maintenance, security notice) and the variables every template gets
    social   counting characters the way X and Mastodon do, and fitting a post
    drafts   the drafts for every channel, from templates/comms/ (overridable)
    mime     one e-mail as a MIME message: both parts, threaded by incident and update
    audience_languages  which language each audience reads (the site's, or its own `language:`)

Every draft speaks one language (languages/speech.py): the site's, or an audience's own.

The command is generator/cli/comms.py; sending e-mail is generator/notify/email_send.py.
"""
