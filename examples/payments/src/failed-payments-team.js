// Each SQS message is a failure invocation record: the payment is in requestPayload (the SNS event),
// the error in responsePayload.
export const handler = async (event) => {
  for (const record of event.Records) {
    const { requestContext, requestPayload, responsePayload } = JSON.parse(record.body);
    const payment = JSON.parse(requestPayload.Records[0].Sns.Message);
    console.log(
      `failed payment ${payment.paymentId}: ${responsePayload.errorMessage} (${requestContext.condition}, attempts ${requestContext.approximateInvokeCount})`,
    );
  }
};
