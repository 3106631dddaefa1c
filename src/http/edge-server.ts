/**
 * One port for HTTP/1.1 and cleartext HTTP/2 (h2c with prior knowledge): some AWS SDK v3 clients
 * (Kinesis, for SubscribeToShard) speak HTTP/2 by default, the rest and every CLI speak HTTP/1.1.
 * Each new connection's first bytes decide: the HTTP/2 connection preface goes to the http2 server,
 * anything else to the http server; both run the same request handler.
 */
import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';
import { Duplex } from 'node:stream';

const PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');

export type EdgeHandler = (request: http.IncomingMessage, response: http.ServerResponse) => void;

export interface EdgeServer {
  readonly listener: net.Server;
  listen(port: number, host: string): Promise<void>;
  address(): net.AddressInfo;
  /** Stops accepting, ends idle connections now and the rest after `graceMs`. */
  close(graceMs: number): Promise<void>;
}

/** Whether `head` (the first bytes seen) can still be, or is, the HTTP/2 preface. */
export function prefaceVerdict(head: Buffer): 'http2' | 'http1' | 'undecided' {
  const length = Math.min(head.length, PREFACE.length);
  if (!head.subarray(0, length).equals(PREFACE.subarray(0, length))) return 'http1';
  return head.length >= PREFACE.length ? 'http2' : 'undecided';
}

/** A duplex over `socket` whose readable side starts with `head`, the bytes already read from it. */
function replaying(socket: net.Socket, head: Buffer): Duplex {
  const stream = new Duplex({
    read() {
      socket.resume();
    },
    write(chunk: Buffer, encoding, callback) {
      socket.write(chunk, encoding, callback);
    },
    final(callback) {
      socket.end(callback);
    },
    destroy(error, callback) {
      socket.destroy(error ?? undefined);
      callback(error);
    },
  });
  stream.push(head);
  socket.on('data', (chunk: Buffer) => {
    if (!stream.push(chunk)) socket.pause();
  });
  socket.once('end', () => stream.push(null));
  socket.once('close', () => stream.destroy());
  return stream;
}

export function createEdgeServer(handler: EdgeHandler, keepAliveTimeoutMs: number): EdgeServer {
  const http1 = http.createServer(handler);
  http1.keepAliveTimeout = keepAliveTimeoutMs;
  // The compatibility API gives the handler request/response objects shaped like node:http's.
  const h2 = http2.createServer(
    {},
    handler as unknown as (req: http2.Http2ServerRequest, res: http2.Http2ServerResponse) => void,
  );
  const sessions = new Set<http2.ServerHttp2Session>();
  h2.on('session', (session) => {
    sessions.add(session);
    session.once('close', () => sessions.delete(session));
  });

  // node:http tracks connections only for servers that listen themselves, so they are tracked here:
  // requests in progress per HTTP/1.1 socket, to end idle ones at once on close.
  const active = new Map<net.Socket, number>();
  let closing = false;
  const http2Sockets = new WeakSet<net.Socket>();
  const isHttp2 = (socket: net.Socket) => http2Sockets.has(socket);
  http1.on('request', (request: http.IncomingMessage, response: http.ServerResponse) => {
    const socket = request.socket;
    active.set(socket, (active.get(socket) ?? 0) + 1);
    response.once('close', () => {
      const left = (active.get(socket) ?? 1) - 1;
      active.set(socket, left);
      if (closing && left === 0) socket.destroy();
    });
  });

  const listener = net.createServer((socket) => {
    active.set(socket, 0);
    socket.once('close', () => active.delete(socket));
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const verdict = prefaceVerdict(head);
      if (verdict === 'undecided') return;
      socket.off('data', onData);
      if (verdict === 'http2') {
        http2Sockets.add(socket);
        // http2 reads a net.Socket's native handle, past what was read here: it gets a stream replaying it.
        h2.emit('connection', replaying(socket, head));
        return;
      }
      socket.pause();
      socket.unshift(head);
      http1.emit('connection', socket);
      socket.resume();
    };
    socket.on('data', onData);
    socket.on('error', () => socket.destroy());
  });

  return {
    listener,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        listener.once('error', reject);
        listener.listen(port, host, () => {
          listener.off('error', reject);
          resolve();
        });
      });
    },
    address: () => listener.address() as net.AddressInfo,
    async close(graceMs) {
      closing = true;
      const closed = new Promise<void>((resolve) => listener.close(() => resolve()));
      for (const session of sessions) session.close();
      for (const [socket, requests] of active) if (requests === 0 && !isHttp2(socket)) socket.destroy();
      const grace = setTimeout(() => {
        for (const session of sessions) session.destroy();
        for (const socket of active.keys()) socket.destroy();
      }, graceMs);
      // net.Server.close waits for every connection it accepted, whichever server took it.
      await closed;
      clearTimeout(grace);
    },
  };
}
