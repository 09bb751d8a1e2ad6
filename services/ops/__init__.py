"""Operations: what staff see and do on /ops (topics and lag, activity, dead letters and replay,
worker heartbeats)."""
