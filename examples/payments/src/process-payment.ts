// Receives the payment API Gateway published to SNS. Returning succeeds (the success queue gets the
// invocation record); throwing fails (the failure queue gets it).
interface SnsEvent {
  Records: { Sns: { Message: string } }[];
}

interface Payment {
  paymentId: string;
  amount: number;
}

export const handler = async (event: SnsEvent): Promise<Payment> => {
  const payment = JSON.parse(event.Records[0]!.Sns.Message) as Payment;
  console.log('processing payment', payment.paymentId, payment.amount);
  if (!(payment.amount > 0)) throw new Error(`payment ${payment.paymentId} declined: amount ${payment.amount}`);
  return payment;
};
