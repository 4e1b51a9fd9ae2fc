"""Reading invites: iCalendar text, invite emails, and the invites they describe."""
