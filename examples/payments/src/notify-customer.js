// Each SQS message is a Lambda Destinations invocation record; responsePayload is what processPayment returned.
export const handler = async (event) => {
  for (const record of event.Records) {
    const { responsePayload } = JSON.parse(record.body);
    console.log(`notify customer: payment ${responsePayload.paymentId} of ${responsePayload.amount} accepted`);
  }
};
