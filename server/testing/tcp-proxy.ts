import net from 'node:net';

/** What the proxy does with traffic: pass it on, or swallow it as a partitioned network does. */
export type ProxyMode = 'forward' | 'blackhole';

export interface TcpProxy {
  /** The port to connect to instead of the target's. */
  port: number;
  /** The local ports of the proxy's own connections to the target, as the target sees them. */
  upstreamPorts(): number[];
  /** Resets every open connection (both sides), as a failing network or load balancer does. */
  cut(): void;
  /**
   * 'blackhole' accepts connections but forwards nothing, and stops forwarding on open ones:
   * packets are dropped, nobody is told. 'forward' passes everything on again.
   */
  setMode(mode: ProxyMode): void;
  close(): Promise<void>;
}

/** A TCP proxy between the app and a server (PostgreSQL, Redis), for fault tests. */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let mode: ProxyMode = 'forward';
  const pairs = new Set<{ client: net.Socket; upstream: net.Socket }>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    const pair = { client, upstream };
    pairs.add(pair);
    const forget = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', forget).on('close', forget);
    upstream.on('error', forget).on('close', forget);
    client.on('data', (chunk) => {
      if (mode === 'forward') upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (mode === 'forward') client.write(chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    upstreamPorts: () => [...pairs].map((p) => p.upstream.localPort).filter((p): p is number => p !== undefined),
    cut: () => {
      for (const { client, upstream } of pairs) {
        client.resetAndDestroy();
        upstream.resetAndDestroy();
      }
      pairs.clear();
    },
    setMode: (next) => {
      mode = next;
    },
    close: async () => {
      for (const { client, upstream } of pairs) {
        client.destroy();
        upstream.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
