"""Alert intake: an alert webhook's payload becomes a draft incident that a person publishes by merging.

    alert       the normalised alert every sender's payload is read into (AlertEvent)
    senders/    one module per monitoring system: recognise and read its webhook payload
    mapping     labels -> components, severity and impact (mkdocs.yml's intake rules)
    draft       create or update the draft incident file for an alert, idempotently
"""
