"""Locale-aware formatting for the UI's computed vars: services.i18n's, the one home for it."""
from services.i18n import DEFAULT_TIMEZONE, format_datetime, format_day, format_money

__all__ = ["DEFAULT_TIMEZONE", "format_datetime", "format_day", "format_money"]
