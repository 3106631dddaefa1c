import json


def handler(event, context):
    # Created outside the service (see README); receives helloStarting's failure records.
    print("failureFunction got", event["requestContext"]["condition"], json.dumps(event["requestPayload"]))
