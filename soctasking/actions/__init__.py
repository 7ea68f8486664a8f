"""Actions meetings allocate to bodies: "our actions", their status updates and history."""
