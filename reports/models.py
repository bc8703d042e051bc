"""Grid reports (网格吹哨,部门报到): departments, categories, cases and their events."""
