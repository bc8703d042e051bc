"""No demo rows of its own: the formatted reports are computed from the other apps' demo data."""
