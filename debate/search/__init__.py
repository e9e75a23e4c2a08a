"""Full-text search over what the public may see (migration 0010 builds the indexes)."""
