"""How meet meets the world: the container that builds it, the web application, the `meet` command."""
