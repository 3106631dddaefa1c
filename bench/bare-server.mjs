// The reference point: the cheapest possible node:http server. Every request,
// whatever its method or path, gets 200 and `{}` once its body has been read
// (reading the body keeps it comparable with a server that parses requests).
import http from 'node:http';

const port = Number(process.argv[2]);
const BODY = '{}';

http
  .createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': BODY.length });
      res.end(BODY);
    });
  })
  .listen(port, '127.0.0.1', () => process.stdout.write('Ready.\n'));
