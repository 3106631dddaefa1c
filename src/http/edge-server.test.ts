import http2 from 'node:http2';
import { describe, expect, it } from 'vitest';
import { createEdgeServer, prefaceVerdict } from './edge-server.ts';

describe('the edge server', () => {
  it('tells the HTTP/2 preface from HTTP/1.1 as soon as the first bytes allow', () => {
    expect(prefaceVerdict(Buffer.from('POST / HTTP/1.1\r\n'))).toBe('http1');
    expect(prefaceVerdict(Buffer.from('PRI * HT'))).toBe('undecided');
    expect(prefaceVerdict(Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\x00\x00'))).toBe('http2');
    expect(prefaceVerdict(Buffer.from('PRO'))).toBe('http1');
  });

  it('serves HTTP/1.1 and cleartext HTTP/2 on one port, and closes with connections left open', async () => {
    const server = createEdgeServer((request, response) => {
      response.setHeader('content-type', 'text/plain');
      response.end(`${request.method} ${request.url} ${request.httpVersion}`);
    }, 65_000);
    await server.listen(0, '127.0.0.1');
    const origin = `http://127.0.0.1:${server.address().port}`;
    expect(await (await fetch(`${origin}/one`)).text()).toBe('GET /one 1.1');

    const session = http2.connect(origin);
    const text = await new Promise<string>((resolve, reject) => {
      const stream = session.request({ ':path': '/two', ':method': 'POST' });
      let body = '';
      stream.on('data', (chunk: Buffer) => (body += chunk.toString()));
      stream.on('end', () => resolve(body));
      stream.on('error', reject);
      stream.end('x');
    });
    expect(text).toBe('POST /two 2.0');

    const started = Date.now();
    await server.close(5_000);
    expect(Date.now() - started).toBeLessThan(4_000);
    session.destroy();
  });
});
