"""The course as data: loading lesson folders, rendering prose, goal checks, validation."""
