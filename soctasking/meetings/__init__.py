"""The national meeting cycle: series, meetings, decisions, actions and updates."""
