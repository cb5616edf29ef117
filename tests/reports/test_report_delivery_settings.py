from pipelines.reports.delivery import SmtpConfig, parse_recipients


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
