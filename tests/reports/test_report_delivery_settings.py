import pytest

from pipelines.reports.delivery import SmtpConfig, parse_recipients

pytestmark = pytest.mark.unit


def test_recipients_are_split_trimmed_and_deduplicated():
    assert parse_recipients(" a@x.example ; b@x.example;;A@x.example, c@x.example ") == [
        "a@x.example",
        "b@x.example",
        "c@x.example",
    ]
    assert parse_recipients(None) == [] and parse_recipients(" ; ") == []
    assert parse_recipients("not-an-address;d@x.example") == ["d@x.example"]


def test_smtp_settings_come_from_the_environment_with_safe_defaults():
    assert SmtpConfig.from_env({}) is None  # no host: email is off
    config = SmtpConfig.from_env({"MSP_SMTP_HOST": "mail.example", "MSP_SMTP_PASSWORD": "pw-123"})
    assert (config.port, config.starttls, config.attempts) == (587, True, 3)
    assert "pw-123" not in repr(config)
    plain = SmtpConfig.from_env({"MSP_SMTP_HOST": "relay", "MSP_SMTP_STARTTLS": "no"})
    assert (plain.port, plain.starttls) == (25, False)


def test_report_file_names_stay_inside_the_week_folder():
    from pipelines.reports.weekly import report_file_name

    assert report_file_name("C0001") == "client-C0001.html"
    assert report_file_name("../../etc/passwd").startswith("client-.._.._etc_passwd-")
    assert "/" not in report_file_name("a/b\\c d")
    # Two clients must never share a file (and so each other's email).
    assert report_file_name("C/1") != report_file_name("C_1") == "client-C_1.html"


def test_msp_identity_comes_from_the_environment():
    import pytest

    from pipelines.reports.identity import MspIdentity, single_line

    default = MspIdentity.from_env({})
    assert (default.name, default.reply_to, default.currency) == ("Your IT provider", None, "USD")
    assert default.money(-80) == "-$80.00" and default.money(1234.5) == "$1,234.50"
    assert default.money(None) == "n/a"
    named = MspIdentity.from_env(
        {
            "MSP_NAME": "Northwind\r\nIT",
            "MSP_REPORT_REPLY_TO": "help@nw.example",
            "MSP_CURRENCY": "eur",
        }
    )
    assert (named.name, named.reply_to, named.money(5)) == (
        "Northwind IT",
        "help@nw.example",
        "€5.00",
    )
    with pytest.raises(ValueError, match="MSP_CURRENCY"):
        MspIdentity.from_env({"MSP_CURRENCY": "US$"})
    assert single_line("a\r\n\tb\x00  c") == "a b c"
