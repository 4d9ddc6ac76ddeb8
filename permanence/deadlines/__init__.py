"""Appeal deadlines: rules as versioned data (``rules.json``) and a pure computation engine."""
