"""Full-text search over the submissions a user is cleared to see."""
