"""Mail: the outbox and the sender."""
