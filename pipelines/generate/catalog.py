"""Static vocabulary of a small MSP's world: names, device checks, ticket categories, parts."""

from __future__ import annotations

from decimal import Decimal

INDUSTRIES = (
    "dental",
    "legal",
    "accounting",
    "construction",
    "retail",
    "manufacturing",
    "non-profit",
    "real estate",
    "veterinary",
    "architecture",
    "logistics",
    "hospitality",
)
NAME_WORDS = (
    "Harbour",
    "Oak",
    "Northgate",
    "Riverside",
    "Summit",
    "Bluebell",
    "Kingsway",
    "Meridian",
    "Cedar",
    "Highfield",
    "Lakeside",
    "Beacon",
    "Granite",
    "Willow",
    "Redwood",
    "Pioneer",
)
NAME_SUFFIXES = {
    "dental": "Dental Practice",
    "legal": "Solicitors",
    "accounting": "Accountants",
    "construction": "Builders",
    "retail": "Stores",
    "manufacturing": "Engineering",
    "non-profit": "Trust",
    "real estate": "Estates",
    "veterinary": "Vets",
    "architecture": "Architects",
    "logistics": "Freight",
    "hospitality": "Hotels",
}

# Timezones a UK/US/AU MSP meets; None leaves the column empty (the pipeline reads UTC).
TIMEZONES = (
    "Europe/London",
    "America/New_York",
    "Australia/Sydney",
    "UTC",
    "America/Chicago",
    "America/Los_Angeles",
    "Europe/Berlin",
    "Asia/Kolkata",
    "Asia/Tokyo",
    None,
)

CHECKS_BY_DEVICE_TYPE = {
    "server": ("ping", "cpu_load", "disk_space", "service_down", "backup_failed", "memory"),
    "storage": ("ping", "volume_degraded", "disk_space", "temperature"),
    "network": ("ping", "interface_down", "packet_loss", "temperature"),
    "firewall": ("ping", "wan_down", "vpn_tunnel_down", "ha_failover"),
    "workstation": ("ping", "disk_space", "antivirus", "patch_missing", "cpu_load"),
    "laptop": ("ping", "disk_space", "antivirus", "patch_missing", "battery_health"),
    "printer": ("ping", "toner_low", "paper_jam"),
    "other": ("ping", "ups_on_battery", "temperature"),
}

# (category, subcategory) faults by device type. "storage/raid_degraded" and
# "hardware/psu_fault" are kept out: the recurrence-boundary cases use them alone.
FAULTS_BY_DEVICE_TYPE = {
    "server": (
        ("server", "disk_space"),
        ("server", "service_stopped"),
        ("backup", "job_failed"),
        ("server", "high_cpu"),
    ),
    "storage": (("storage", "volume_full"), ("storage", "slow_io")),
    "network": (("network", "switch_port"), ("network", "wifi_drops"), ("network", "dhcp")),
    "firewall": (("network", "vpn"), ("network", "internet_down")),
    "workstation": (
        ("hardware", "slow_pc"),
        ("software", "office_crash"),
        ("email", "outlook"),
        ("hardware", "monitor"),
        ("software", "line_of_business_app"),
    ),
    "laptop": (
        ("hardware", "battery"),
        ("network", "wifi_drops"),
        ("software", "office_crash"),
        ("email", "outlook"),
    ),
    "printer": (("printing", "paper_jam"), ("printing", "driver"), ("printing", "scan_to_email")),
    "other": (("hardware", "ups"), ("telephony", "desk_phone")),
}
OUTAGE_FAULTS = {
    "server": ("server", "server_down"),
    "storage": ("storage", "storage_offline"),
    "network": ("network", "switch_down"),
    "firewall": ("network", "internet_down"),
}
REQUEST_CATEGORIES = (
    ("account", "new_user"),
    ("account", "password_reset"),
    ("account", "leaver"),
    ("software", "install"),
    ("hardware", "new_equipment"),
    ("email", "shared_mailbox"),
)
BOUNDARY_FAULTS = (("storage", "raid_degraded"), ("hardware", "psu_fault"))

PARTS = (
    ("SSD 1TB", Decimal("62.00"), Decimal("109.00")),
    ("16GB RAM module", Decimal("38.50"), Decimal("69.00")),
    ("Laptop power adapter", Decimal("21.00"), Decimal("45.00")),
    ("Managed switch 24-port", Decimal("310.00"), Decimal("489.00")),
    ("UPS battery", Decimal("74.00"), Decimal("129.00")),
    ("Toner cartridge", Decimal("48.00"), Decimal("85.00")),
)

TECHNICIAN_FIRST = ("Sam", "Priya", "Tom", "Aisha", "Liam", "Mei", "Jack", "Zoe", "Raj", "Ella")
TECHNICIAN_LAST = ("Patel", "Smith", "Nguyen", "Jones", "Okafor", "Brown", "Garcia", "Wilson")
