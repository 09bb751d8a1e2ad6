"""App state: one small state per feature, all on `AppState` (state/base.py)."""
