"""The web interface's shell: layout, login, home page and navigation."""
