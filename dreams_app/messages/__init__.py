"""Translation tables, one module per feature: message key -> {locale: text}.

Add a feature's module here and to `ALL` in dreams_app/i18n.py. Keys are `<feature>.<what>`.
"""
