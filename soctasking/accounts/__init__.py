"""Users, their body, role, clearance and compartments, API tokens, and the access gate."""
