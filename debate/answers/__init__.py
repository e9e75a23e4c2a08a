"""The region's answers: a proposal's state and official answer, and what a closed
consultation shows as its results."""
