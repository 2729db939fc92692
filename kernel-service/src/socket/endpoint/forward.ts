import { connect, createServer, type Server, type Socket } from 'node:net';

/** Where every sandbox finds its kernel over TCP: loopback of its own network namespace. */
export const ENDPOINT_HOST = '127.0.0.1';
export const ENDPOINT_PORT = 4141;

/**
 * A TCP listener whose every connection is spliced to one Unix socket: the process's own
 * kernel socket. It runs inside the sandbox, as the agent, so it adds no authority: whoever
 * reaches 127.0.0.1:<port> of this network namespace is this process (or one of its own
 * terminals), and the kernel knows the caller from which socket the bytes arrive on, exactly
 * as for a program that uses the socket directly. Bytes are not parsed, so every protocol the
 * socket speaks (and its streaming) passes unchanged.
 */
export function startForwarder(socketPath: string, port = ENDPOINT_PORT, host = ENDPOINT_HOST): Promise<Server> {
  const server = createServer({ allowHalfOpen: true }, (client: Socket) => {
    const kernel = connect(socketPath);
    // Either side failing ends both: a half-broken pair would hang the program's request.
    const end = () => {
      client.destroy();
      kernel.destroy();
    };
    client.on('error', end);
    kernel.on('error', end);
    client.pipe(kernel);
    kernel.pipe(client);
    client.on('close', end);
    kernel.on('close', end);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
