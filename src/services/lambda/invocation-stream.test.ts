import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { InvocationEvents, type InvocationEvent } from '../../engine/invocation-events.ts';
import { InvocationStreamHub, sseFrame } from './invocation-stream.ts';

const event: InvocationEvent = {
  type: 'retry-scheduled',
  requestId: 'r',
  accountId: '000000000000',
  region: 'us-east-1',
  functionName: 'f',
  qualifier: '$LATEST',
  atMs: Date.UTC(2026, 0, 1, 12),
  nextAttemptAtMs: Date.UTC(2026, 0, 1, 12, 1),
};

const servers: http.Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

async function serve(hub: InvocationStreamHub): Promise<string> {
  const server = http.createServer((request, response) =>
    hub.serve(request, response, new URL(request.url!, 'http://x').searchParams),
  );
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('invocation stream', () => {
  it('frames an event with its type and ISO times', () => {
    expect(sseFrame(7, event)).toBe(
      'id: 7\nevent: retry-scheduled\ndata: {"type":"retry-scheduled","requestId":"r","function":"f","qualifier":"$LATEST","region":"us-east-1","account":"000000000000","at":"2026-01-01T12:00:00.000Z","nextAttemptAt":"2026-01-01T12:01:00.000Z"}\n\n',
    );
  });

  it('streams the events of the function asked for, with heartbeats, until the hub closes', async () => {
    const events = new InvocationEvents();
    const hub = new InvocationStreamHub(events, 50);
    const url = await serve(hub);
    const response = await fetch(`${url}/?function=f`);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const reader = response.body!.getReader();
    events.emit({ ...event, functionName: 'other' });
    events.emit(event);
    await new Promise((resolve) => setTimeout(resolve, 120));
    hub.close();
    let text = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += Buffer.from(value).toString();
    }
    expect(text).toContain(sseFrame(1, event));
    expect(text).not.toContain('"function":"other"');
    expect(text).toContain(': heartbeat\n\n');
    expect((await fetch(url)).status).toBe(503);
  });
});
