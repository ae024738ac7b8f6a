"""The critique stage: critics that probe a saved version with questions, never answers."""
