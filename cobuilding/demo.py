def seed_activity(**kw): return {}
