"""meet's domain: users, their values, and the ports the outside world plugs into."""
