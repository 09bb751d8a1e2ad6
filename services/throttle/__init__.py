"""Throttling by key with a growing delay: `policy` (pure rules) and `store` (SQL rows, atomic updates).

A caller names its keys (scope + subject, e.g. ("login.client", "203.0.113.7")) and asks the store to
`take` one attempt for all of them at once; see policy.py for the rule.
"""
