"""The seeding engine: a pure library that never imports pytest."""
