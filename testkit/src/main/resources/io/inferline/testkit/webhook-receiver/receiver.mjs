// A webhook receiver for tests that checks signatures with the `standardwebhooks` package from npm, an
// implementation independent of Inferline's own signing code. Paths program its answers:
//   /ok/<tag>                      -> 204
//   /fail/<n>/<tag>                -> 500 for the first n requests of <tag>, then 204
//   /throttle/<seconds>/<tag>      -> 429 with Retry-After: <seconds> the first time, then 204
//   /gone/<tag>                    -> 410
// GET /_received lists every request; POST /_secrets {"secrets": [...]} sets the secrets to verify with.
import http from 'node:http';
import { Webhook } from 'standardwebhooks';

let secrets = JSON.parse(process.env.SECRETS || '[]');
const received = [];
const seen = new Map();

function verifiedWith(body, headers) {
  const ok = [];
  secrets.forEach((secret, index) => {
    try {
      new Webhook(secret).verify(body, headers);
      ok.push(index);
    } catch (e) { /* not signed with this one */ }
  });
  return ok;
}

const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', chunk => { body += chunk; });
  req.on('end', () => {
    if (req.method === 'GET' && req.url === '/_received') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(received));
      return;
    }
    if (req.method === 'POST' && req.url === '/_secrets') {
      secrets = JSON.parse(body).secrets;
      res.writeHead(204);
      res.end();
      return;
    }
    const headers = {
      'webhook-id': req.headers['webhook-id'],
      'webhook-timestamp': req.headers['webhook-timestamp'],
      'webhook-signature': req.headers['webhook-signature'],
    };
    let type = null;
    try { type = JSON.parse(body).type; } catch (e) { /* not JSON */ }
    received.push({ path: req.url, id: headers['webhook-id'], timestamp: headers['webhook-timestamp'],
                    signature: headers['webhook-signature'], verified_with: verifiedWith(body, headers), type,
                    body, at: Date.now() });
    const parts = req.url.split('/').filter(p => p);
    const count = (seen.get(req.url) || 0) + 1;
    seen.set(req.url, count);
    if (parts[0] === 'fail' && count <= Number(parts[1])) {
      res.writeHead(500); res.end('failing on purpose'); return;
    }
    if (parts[0] === 'throttle' && count === 1) {
      res.writeHead(429, { 'retry-after': parts[1] }); res.end('slow down'); return;
    }
    if (parts[0] === 'gone') {
      res.writeHead(410); res.end('gone'); return;
    }
    res.writeHead(204); res.end();
  });
});

server.listen(Number(process.env.PORT || 0), '127.0.0.1', () => {
  console.log('listening ' + server.address().port);
});
