/**
 * examples/payments (seed 000), run by `onward up` as its README says: a POST to /develop/payment goes
 * to SNS through the API Gateway service integration, processPayment (TypeScript, bundled by onward up)
 * accepts amounts > 0 and declines the rest, and Lambda Destinations route the outcome to the success
 * queue (notifyCustomer) or the failure queue (failedPaymentsTeam). Also edits processPayment in a
 * temporary copy: the bundle is rebuilt and the next payment runs the new code.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyExample, runExample, type RunningExample } from './example-app.ts';

let dir: string;
let app: RunningExample;

async function pay(payment: { paymentId: string; amount: number }): Promise<Response> {
  return fetch(`${app.httpUrl}/develop/payment`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payment),
  });
}

beforeAll(async () => {
  dir = copyExample('payments');
  app = await runExample(dir);
});

afterAll(async () => {
  await app?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('examples/payments', { timeout: 60_000 }, () => {
  it('lists the POST route on the HTTP listener', () => {
    expect(app.httpUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(app.output()).toContain(`POST ${app.httpUrl}/develop/payment -> sns payments-develop-payments`);
  });

  it('amount > 0: notifyCustomer is told, with the payment id', async () => {
    const response = await pay({ paymentId: 'pay-100', amount: 25 });
    expect(response.status).toBe(200);
    const published = (await response.json()) as { PublishResponse: { PublishResult: { MessageId: string } } };
    expect(published.PublishResponse.PublishResult.MessageId).toMatch(/^[0-9a-f-]{36}$/);
    await app.waitForOutput(/payments-develop-notifyCustomer \| .*\tnotify customer: payment pay-100 of 25 accepted\n/);
    expect(app.output()).not.toMatch(/failed payment pay-100/);
  });

  it('amount <= 0: failedPaymentsTeam gets the declined payment at once (retries 0)', async () => {
    expect((await pay({ paymentId: 'pay-200', amount: 0 })).status).toBe(200);
    const [line] = await app.waitForOutput(/payments-develop-failedPaymentsTeam \| .*failed payment pay-200.*\n/);
    expect(line).toContain('failed payment pay-200: payment pay-200 declined: amount 0 (RetriesExhausted, attempts 1)');
    expect(app.output()).not.toMatch(/notify customer: payment pay-200/);
  });

  it('an edited TypeScript handler is bundled again and runs on the next payment', async () => {
    const from = app.output().length;
    const file = path.join(dir, 'src/process-payment.ts');
    // The business changes its mind: payments above 1000 are declined too.
    fs.writeFileSync(
      file,
      fs.readFileSync(file, 'utf8').replace('if (!(payment.amount > 0))', 'if (!(payment.amount > 0 && payment.amount <= 1000))'),
    );
    await app.waitForOutput(/^Redeployed: .*$/m, { from });
    expect((await pay({ paymentId: 'pay-300', amount: 5000 })).status).toBe(200);
    const [line] = await app.waitForOutput(/payments-develop-failedPaymentsTeam \| .*failed payment pay-300.*\n/, { from });
    expect(line).toContain('payment pay-300 declined: amount 5000');
  });
});
