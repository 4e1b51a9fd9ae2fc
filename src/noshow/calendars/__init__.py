"""Your own calendars: reading busy time and interviews for a window, fast and bounded."""
