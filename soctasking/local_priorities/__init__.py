"""What each body has adopted as its local priorities."""
