import json


def handler(event, context):
    # The event is the failure record, sent once Lambda's retries (2 by default) are spent.
    context_ = event["requestContext"]
    print(
        "failure",
        context_["condition"],
        "after",
        context_["approximateInvokeCount"],
        "attempts:",
        event["responsePayload"]["errorMessage"],
        json.dumps(event["requestPayload"]),
    )
