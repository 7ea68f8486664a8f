"""The national picture bundle: validation, loading and export."""
