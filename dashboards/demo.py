"""No demo rows of its own: the dashboards show what the other apps' demo seeders create."""
