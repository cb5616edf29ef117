"""The vendor API pulls (dlt). See docs/pull.md."""

import os

# dlt sends anonymous usage telemetry from the first source it builds (here when the Dagster
# code location loads): no call out of the MSP's network unless the MSP turns it on.
os.environ.setdefault("RUNTIME__DLTHUB_TELEMETRY", "false")
