import { createConnection, createServer, type Socket } from 'node:net';

/**
 * A TCP relay between the listener and Dovecot that a test can cut: at once (`cutAll`), or in the middle of a large
 * download (`cutAfterDownstreamBytes`: once one connection has passed that many more bytes from the server to the
 * client, every connection is destroyed, like a router dropping the line mid-FETCH).
 */
export interface TcpProxy {
  port: number;
  /** How many times connections were cut, and how far the download had got at the last cut. */
  readonly cuts: number;
  readonly bytesAtLastCut: number;
  cutAll(): void;
  /** One shot: arms a cut once any connection relayed `bytes` more bytes towards the client. */
  cutAfterDownstreamBytes(bytes: number): void;
  /** One shot: cuts every connection when the client sends a command matching `pattern` (it never arrives). */
  cutOnClientCommand(pattern: RegExp): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  const pairs = new Set<{ client: Socket; upstream: Socket; down: number }>();
  let armed: { bytes: number; since: Map<object, number> } | null = null;
  let armedCommand: RegExp | null = null;
  let cuts = 0;
  let bytesAtLastCut = 0;

  const destroyAll = () => {
    for (const p of pairs) {
      p.client.destroy();
      p.upstream.destroy();
    }
    pairs.clear();
  };
  const cutAll = () => {
    cuts++;
    destroyAll();
  };

  const server = createServer((client) => {
    const upstream = createConnection({ host: targetHost, port: targetPort });
    const pair = { client, upstream, down: 0 };
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.on('data', (b: Buffer) => {
      if (armedCommand?.test(b.toString('latin1'))) {
        armedCommand = null;
        cutAll();
        return;
      }
      upstream.write(b);
    });
    upstream.on('data', (b: Buffer) => {
      pair.down += b.length;
      if (armed) {
        const start = armed.since.get(pair) ?? 0;
        if (pair.down - start >= armed.bytes) {
          armed = null;
          bytesAtLastCut = pair.down - start;
          cutAll();
          return; // this chunk never reaches the client
        }
      }
      client.write(b);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address !== 'object') throw new Error('proxy has no port');

  return {
    port: address.port,
    get cuts() {
      return cuts;
    },
    get bytesAtLastCut() {
      return bytesAtLastCut;
    },
    cutAll,
    cutAfterDownstreamBytes(bytes) {
      // Count from now for the connections that exist; new connections count from their start.
      armed = { bytes, since: new Map([...pairs].map((p) => [p, p.down])) };
    },
    cutOnClientCommand(pattern) {
      armedCommand = pattern;
    },
    async close() {
      destroyAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
