"""Pages of people and cases (split by subject: cases, people, documents)."""
