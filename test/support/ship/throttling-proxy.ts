import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ThrottlingProxy {
  url: string;
  /** Entries answered with ProvisionedThroughputExceededException (never forwarded). */
  throttled: number;
  /** Entries forwarded to the stream. */
  forwarded: number;
  close(): Promise<void>;
}

function body(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => resolve(Buffer.concat(parts)));
    req.on('error', reject);
  });
}

/**
 * A loopback proxy in front of kinesalite that plays a shard over its write limit: it takes a
 * share of each PutRecords call's entries out of the request before forwarding it, and answers
 * them as Kinesis does (ErrorCode ProvisionedThroughputExceededException, FailedRecordCount),
 * so throttled entries are really not stored. Other calls pass through unchanged.
 */
export async function startThrottlingProxy(target: string, share: number, random: () => number = Math.random): Promise<ThrottlingProxy> {
  const to = new URL(target);
  const state = { throttled: 0, forwarded: 0 };
  const forward = (req: IncomingMessage, data: Buffer): Promise<{ status: number; headers: Record<string, string>; data: Buffer }> =>
    new Promise((resolve, reject) => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host' && k !== 'content-length') headers[k] = v;
      headers['content-length'] = String(data.length);
      const out = request({ host: to.hostname, port: to.port, method: req.method, path: req.url, headers }, (res) => {
        void body(res).then((d) => {
          const h: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string' && k !== 'content-length' && k !== 'connection') h[k] = v;
          resolve({ status: res.statusCode ?? 500, headers: h, data: d });
        }, reject);
      });
      out.on('error', reject);
      out.end(data);
    });

  const server: Server = createServer((req, res) => {
    void (async () => {
      const data = await body(req);
      const target = String(req.headers['x-amz-target'] ?? '');
      if (!target.endsWith('.PutRecords')) {
        const r = await forward(req, data);
        res.writeHead(r.status, { ...r.headers, 'content-length': String(r.data.length) }).end(r.data);
        return;
      }
      const call = JSON.parse(data.toString('utf8')) as { Records: unknown[]; StreamName: string };
      const keep: number[] = [];
      call.Records.forEach((_, i) => {
        if (random() >= share) keep.push(i);
      });
      let answers: Record<string, unknown>[] = [];
      let status = 200;
      let headers: Record<string, string> = { 'content-type': 'application/x-amz-json-1.1' };
      if (keep.length > 0) {
        const r = await forward(req, Buffer.from(JSON.stringify({ ...call, Records: keep.map((i) => call.Records[i]) })));
        if (r.status !== 200) {
          res.writeHead(r.status, { ...r.headers, 'content-length': String(r.data.length) }).end(r.data);
          return;
        }
        status = r.status;
        headers = r.headers;
        answers = (JSON.parse(r.data.toString('utf8')) as { Records: Record<string, unknown>[] }).Records;
      }
      const merged: Record<string, unknown>[] = [];
      let failed = 0;
      let k = 0;
      call.Records.forEach((_, i) => {
        if (keep[k] === i) {
          const a = answers[k++];
          if (a.ErrorCode !== undefined) failed++;
          else state.forwarded++;
          merged.push(a);
        } else {
          failed++;
          state.throttled++;
          merged.push({ ErrorCode: 'ProvisionedThroughputExceededException', ErrorMessage: 'Rate exceeded for shard shardId-000000000000 in stream (test proxy).' });
        }
      });
      const out = Buffer.from(JSON.stringify({ FailedRecordCount: failed, Records: merged }));
      res.writeHead(status, { ...headers, 'content-length': String(out.length) }).end(out);
    })().catch((err: Error) => {
      res.writeHead(500, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify({ __type: 'InternalFailure', message: err.message }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    get throttled() {
      return state.throttled;
    },
    get forwarded() {
      return state.forwarded;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
