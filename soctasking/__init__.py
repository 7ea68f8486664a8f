"""soctasking: the national tasking picture for serious and organised crime."""

__version__ = "0.1.0"
