import json


def handler(event, context):
    # The event is the success record: requestPayload is what helloStarting got, responsePayload what it returned.
    print("success", event["requestContext"]["condition"], json.dumps(event["requestPayload"]))
