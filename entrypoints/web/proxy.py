"""Who is asking and how they reached meet, as the connection or the trusted proxy says."""

import ipaddress


def client_address(remote_ip: str | None, forwarded_for: str, trust_proxy: bool) -> str:
    """The address the trusted proxy added last to X-Forwarded-For, else the connection's;
    an IPv6 address counts as its /64, which one client usually holds whole."""
    address = remote_ip or ""
    if trust_proxy and forwarded_for:
        address = forwarded_for.split(",")[-1].strip()
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    return str(ipaddress.ip_network(f"{ip}/64", strict=False)) if ip.version == 6 else str(ip)


def scheme(protocol: str, forwarded_proto: str, trust_proxy: bool) -> str:
    """The trusted proxy's last X-Forwarded-Proto, else the connection's protocol."""
    if trust_proxy and forwarded_proto:
        return forwarded_proto.split(",")[-1].strip().lower()
    return protocol
