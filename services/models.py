"""Service ledgers (台账): grid reports, visits, the four ledgers. Built in a later issue."""
