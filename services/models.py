"""Service ledgers (台账): grid visits and the four ledgers."""
