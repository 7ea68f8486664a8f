"""``python -m soctasking`` is the same as the ``soctasking`` command."""

from soctasking.cli import main

main()
