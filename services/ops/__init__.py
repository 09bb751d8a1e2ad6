"""Operations: what operators see and do on /ops (dead letters, replay, worker heartbeats)."""
