import json


def starting(event, context):
    # Seed 003: {"Success": true} succeeds, anything else fails.
    print("starting", json.dumps(event))
    if not event.get("Success"):
        raise Exception("Failure from event, Success = false")
    return {"statusCode": 200, "body": json.dumps(event)}
