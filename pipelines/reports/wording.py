"""Codes in words: health flags and metric names as an account manager says them, fault
categories, priorities and kinds of work as a client reads them."""

from __future__ import annotations

import re

# Flag codes the health mart may emit, in plain words. Unknown codes are humanised.
FLAG_WORDS = {
    "managed_losing_money": "Managed client losing money: over the last complete months it cost "
    "more to support than it paid.",
    "break_fix_downtime_over_managed_fee": "Break-fix client whose downtime cost more than a "
    "managed fee would have over the last complete months.",
    "recurring_faults_same_device": "The same fault keeps coming back on the same device.",
    "sla_breaches_rising": "SLA breaches are rising: more than in the previous period.",
}

COMPONENT_WORDS = {
    "availability_score": "Availability",
    "recurring_fault_score": "Recurring faults",
    "recurring_faults_score": "Recurring faults",
    "sla_score": "SLA",
    "response_score": "SLA response",
    "margin_score": "Margin",
    "ticket_load_score": "Ticket load",
    "tickets_score": "Ticket load",
}

METRIC_WORDS = {
    "availability_pct": "Availability",
    "recurring_fault_rate": "Recurring-fault rate",
    "response_met_pct": "Responses within SLA",
    "gross_margin_pct": "Gross margin %",
    "tickets_per_seat": "Tickets per seat",
    "downtime_minutes_per_month": "Downtime minutes per month",
    "downtime_minutes_per_client": "Downtime minutes per client",
    "gross_margin": "Gross margin",
    "downtime_minutes": "Downtime (minutes)",
    "sla_met_pct": "SLA verdicts met (response and resolution)",
    "sla_breaches": "SLA breaches",
    "sla_breaches_prior": "SLA breaches in the period before",
    "max_recurring_faults_on_one_device": "Most recurring faults on one device",
    "tickets_per_seat_per_month": "Tickets per seat per month",
    "gross_margin_per_month": "Gross margin per month",
}

# What the client report calls each service component (no margin among them).
SERVICE_COMPONENT_WORDS = {
    "availability_score": "Availability",
    "recurring_fault_score": "Repeat faults",
    "sla_score": "Response and resolution times",
    "ticket_load_score": "Ticket volume",
}
SERVICE_COMPONENTS = tuple(SERVICE_COMPONENT_WORDS)

# Fault categories and subcategories as the PSA exports them, in plain words.
CATEGORY_WORDS = {
    "account": "Accounts",
    "backup": "Backup",
    "email": "Email",
    "hardware": "Hardware",
    "network": "Network",
    "printing": "Printing",
    "server": "Server",
    "software": "Software",
    "storage": "Storage",
    "telephony": "Phones",
}
SUBCATEGORY_WORDS = {
    "wifi_drops": "Wi-Fi keeps dropping",
    "switch_port": "network switch port",
    "dhcp": "network addresses (DHCP)",
    "vpn": "VPN connection",
    "internet_down": "internet connection down",
    "switch_down": "network switch down",
    "disk_space": "disk space running out",
    "service_stopped": "a service stopped",
    "job_failed": "backup job failed",
    "high_cpu": "overloaded processor",
    "volume_full": "storage volume full",
    "slow_io": "slow storage",
    "slow_pc": "slow computer",
    "office_crash": "Office crashing",
    "outlook": "Outlook problems",
    "monitor": "screen problems",
    "line_of_business_app": "business application problems",
    "battery": "laptop battery",
    "paper_jam": "paper jams",
    "driver": "printer driver",
    "scan_to_email": "scan to email",
    "ups": "UPS (backup power)",
    "desk_phone": "desk phone",
    "server_down": "server down",
    "storage_offline": "storage offline",
    "raid_degraded": "disk array degraded",
    "psu_fault": "power supply fault",
    "new_user": "new user",
    "password_reset": "password reset",
    "leaver": "leaver",
    "install": "software install",
    "new_equipment": "new equipment",
    "shared_mailbox": "shared mailbox",
}
PRIORITY_WORDS = {"P1": "Critical", "P2": "High", "P3": "Medium", "P4": "Low"}
DEVICE_TYPE_WORDS = {
    "server": "Server",
    "workstation": "Desktop computer",
    "laptop": "Laptop",
    "network": "Network device",
    "firewall": "Firewall",
    "storage": "Storage",
    "printer": "Printer",
    "other": "Other device",
}
WORK_WORDS = {
    "proactive": "Maintenance and checks (patching, monitoring, health checks)",
    "project": "Project work",
    "reactive": "Fixing problems you reported or we detected",
    "emergency": "Emergency call-outs",
    "admin": "Administration",
}

MODEL_WORDS = {
    "managed": "Managed",
    "break_fix": "Break-fix",
    "hybrid": "Hybrid",
    "unassigned": "No agreement",
}


def split_flags(flags: object) -> list[str]:
    """Flags arrive as a list or as one string separated by ; , or |."""
    if flags is None:
        return []
    items = flags if isinstance(flags, list | tuple) else re.split(r"[;|,]", str(flags))
    return [item.strip() for item in items if item and str(item).strip()]


def humanise(code: str) -> str:
    return code.replace("_", " ").strip().capitalize()


def flag_words(code: str) -> str:
    if code in FLAG_WORDS:
        return FLAG_WORDS[code]
    return code if " " in code else humanise(code) + "."


def component_words(column: str) -> str:
    return COMPONENT_WORDS.get(column, humanise(column.removesuffix("_score")))


def metric_words(column: str) -> str:
    return METRIC_WORDS.get(column, humanise(column))


def model_words(model: str | None) -> str:
    return MODEL_WORDS.get(model or "", humanise(model or "unknown"))


def service_component_words(column: str) -> str:
    return SERVICE_COMPONENT_WORDS.get(column, component_words(column))


def fault_words(category: str | None, subcategory: str | None) -> str:
    """("network", "wifi_drops") -> "Network: Wi-Fi keeps dropping"; unknown codes humanised."""
    head = CATEGORY_WORDS.get(category or "", humanise(category) if category else "Other")
    if not subcategory:
        return head
    tail = SUBCATEGORY_WORDS.get(subcategory, humanise(subcategory).lower())
    return f"{head}: {tail}"


def priority_words(priority: str | None) -> str:
    words = PRIORITY_WORDS.get(priority or "")
    return f"{words} ({priority})" if words else (priority or "No priority")


def device_type_words(device_type: str | None) -> str:
    return DEVICE_TYPE_WORDS.get(device_type or "", humanise(device_type or "other"))


def work_words(work_type: str | None) -> str:
    return WORK_WORDS.get(work_type or "", humanise(work_type or "other"))
