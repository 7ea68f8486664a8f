"""The national threat catalogue: threats, sub-threats and vulnerabilities."""
