"""What changed on the public page since a commit: read by `changes`, `comms` and `notify`.

    gitref    the published incidents as they were at a git commit
    detect    comparing two sets of incidents
    compare   both sides of a comparison (a commit and the working tree)

Between siblings, one direction: changes -> comms (what to say) -> notify (delivery).
"""
