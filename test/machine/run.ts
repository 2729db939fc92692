/**
 * `make run`: boots the development machine (Debian trixie in systemd-nspawn, the
 * kernel service inside under systemd, as on the appliance) and keeps it up until Ctrl-C.
 */
import { bootMachine } from './machine.js';

const machine = await bootMachine({
  name: 'aether-dev',
  environment: process.env.AETHER_API_PORT ? { AETHER_API_PORT: process.env.AETHER_API_PORT } : {},
});
process.stdout.write(`
Aether OS is running (kernel inside a booted Debian trixie machine, under systemd).

  API:            ${machine.url}/api/v1   (OpenAPI: ${machine.url}/api/v1/openapi.json)
  Health:         ${machine.url}/health
  Admin token:    ${machine.token}
                  (also in ${machine.root}/var/lib/aether/admin.token)

  Try:  curl -s -H "Authorization: Bearer ${machine.token}" -H 'content-type: application/json' \\
          -d '{"name":"hello","command":["/bin/sh","-c","echo hi; sleep 60"]}' ${machine.url}/api/v1/agents

  A shell inside the machine:  make shell     Stop: Ctrl-C
`);
const stop = async () => {
  await machine.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
setInterval(() => undefined, 1 << 30);
