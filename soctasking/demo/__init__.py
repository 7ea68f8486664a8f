"""The demo picture: a realistic, deterministic national picture to explore and test with."""
