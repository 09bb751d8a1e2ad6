"""The traveller's dashboard: read queries over Mongo `purchases`, always filtered by the user id.

UI entry points (async, `Dashboard` in services/dashboard/api.py):
    list_purchases(user_id) -> list[PurchaseSummary]     newest first
    get_purchase(purchase_id, user_id) -> Purchase       NotFound for unknown ids and other users' ids
"""
