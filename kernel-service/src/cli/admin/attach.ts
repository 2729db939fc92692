/**
 * `aether exec -it`: a terminal in the sandbox through the terminals API (POST
 * /agents/:pid/terminals, then its WebSocket), this tty in raw mode, its size followed. The exit
 * code of the program in the terminal becomes aether's. Ctrl-] detaches (the terminal keeps running).
 */
import WebSocket from 'ws';
import type { Ctx } from './command.js';

const DETACH = 0x1d; // Ctrl-]

export async function attachTerminal(ctx: Ctx, pid: number, argv: string[]): Promise<number> {
  const { io } = ctx;
  const t = ctx.aether().http;
  const size = () => ({ cols: io.stdout.columns || 80, rows: io.stdout.rows || 24 });
  const term = await t.json<{ id: string }>('POST', `/agents/${pid}/terminals`, { body: { ...size(), command: argv } });
  const ws = new WebSocket(t.url(`/agents/${pid}/terminals/${term.id}`, {}, 'ws'), {
    agent: t.agent,
    headers: { authorization: t.authorization },
  });
  const raw = io.stdin.isTTY === true && typeof io.stdin.setRawMode === 'function';
  return new Promise<number>((resolve, reject) => {
    let code = 0;
    const onData = (d: Buffer) => {
      if (d.includes(DETACH)) {
        io.stderr.write(`\r\n[detached; the terminal keeps running: aether-term ${pid} ${term.id}]\r\n`);
        ws.close(1000);
        return;
      }
      ws.send(d, { binary: true });
    };
    const onResize = () => ws.readyState === WebSocket.OPEN && ws.send(JSON.stringify({ type: 'resize', ...size() }));
    const cleanup = () => {
      io.stdin.off('data', onData);
      process.stdout.off('resize', onResize);
      if (raw) io.stdin.setRawMode!(false);
      io.stdin.pause();
    };
    ws.on('open', () => {
      if (raw) io.stdin.setRawMode!(true);
      io.stdin.on('data', onData);
      io.stdin.resume();
      process.stdout.on('resize', onResize);
    });
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (isBinary) {
        io.stdout.write(data);
        return;
      }
      const msg = JSON.parse(data.toString('utf8')) as { type?: string; code?: number | null };
      if (msg.type === 'exit') code = typeof msg.code === 'number' ? msg.code : 1;
    });
    ws.on('unexpected-response', (_req, res) => {
      cleanup();
      reject(new Error(`the kernel refused to attach (HTTP ${res.statusCode})`));
    });
    ws.on('error', (err) => {
      cleanup();
      reject(err);
    });
    ws.on('close', () => {
      cleanup();
      resolve(code);
    });
  });
}
