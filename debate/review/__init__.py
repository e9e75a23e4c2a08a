"""The moderator workspace: the queue, an item's card, decisions, people, notices."""
