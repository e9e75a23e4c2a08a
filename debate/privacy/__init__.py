"""A person's own data (GDPR access and erasure) and retention."""
