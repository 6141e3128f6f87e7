"""The TUI's screens: course map, lesson, settings, and small modal questions."""
