"""What admins change at run time: the moderation policy's versions."""
