"""Log-in sessions of the web app, kept server-side in Mongo (`sessions`, `session_tickets`).

The browser holds only a random token in an HttpOnly cookie; Mongo holds its SHA-256 hash, so a
copy of the database cannot be replayed as a log-in. See store.py for the life cycle.
"""
