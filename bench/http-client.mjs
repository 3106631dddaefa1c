// One keep-alive node:http client for the bench's own calls. The bench client shares the machine with
// what it measures, so it must cost little: on 2 cores, fetch() (undici, Node 20) used about 3x the
// CPU of http.request per call (544 µs against 175 µs, sequential, against the bare server), and in
// the async section that was CPU taken from Onward and added to every latency.
import http from 'node:http';

// Idle keep-alive sockets are unref'd by the agent, so they never hold the process open.
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** Resolves with { status, headers, body (text) }; rejects on a connection error or after timeoutMs. */
export function httpRequest({ port, method = 'POST', path = '/', headers = {}, body, timeoutMs = 20_000 }) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(body);
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent,
        headers: payload ? { ...headers, 'content-length': payload.length } : headers,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: text }));
        res.on('error', reject);
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`${method} ${path}: no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(payload);
  });
}
