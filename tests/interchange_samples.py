"""Small interchange files the import and export tests share."""

HEADER = (
    "external_id,claim_text,speaker_name,speaker_description,source_title,source_publisher,"
    "source_url,source_published_on,said_on,context,status,summary,topics,language\n"
)
CSV = HEADER + (
    'hk-1,"No direct threat had been made against the offices.",Kyle Ward,'
    "deputy secretary general,Amnesty to close Hong Kong offices,South China Morning Post,"
    "https://www.scmp.com/amnesty,2021-10-25,2021-10-25,speaking from London,"
    "Pants on Fire,The police had written to the group.,Human rights;Civil society,en\n"
    "hk-2,The law made it impossible to work freely.,Amnesty International,,"
    "Amnesty to close Hong Kong offices,South China Morning Post,https://www.scmp.com/amnesty,"
    ",2021-10-25,,unverified,,Human rights,en\n"
)


def csv_row(**values):
    """One CSV line in HEADER's order: hk-1's values, with `values` replacing some."""
    row = {
        "external_id": "hk-1",
        "claim_text": "No direct threat had been made against the offices.",
        "speaker_name": "Kyle Ward",
        "speaker_description": "deputy secretary general",
        "source_title": "Amnesty to close Hong Kong offices",
        "source_publisher": "South China Morning Post",
        "source_url": "https://www.scmp.com/amnesty",
        "source_published_on": "2021-10-25",
        "said_on": "2021-10-25",
        "context": "speaking from London",
        "status": "false",
        "summary": "The police had written to the group.",
        "topics": "Human rights",
        "language": "en",
    } | values
    return ",".join(f'"{value}"' for value in row.values()) + "\n"


def ledger_counts():
    """
    The rows and history records an import of reviews can write: the same
    before and after, it changed nothing and recorded nothing.
    """
    from claims.models import Claim, ExternalReview, Source, Speaker

    return (
        Claim.objects.count(),
        Speaker.objects.count(),
        Source.objects.count(),
        ExternalReview.objects.count(),
        Claim.history.count(),
        Speaker.history.count(),
        Source.history.count(),
        ExternalReview.history.count(),
    )
