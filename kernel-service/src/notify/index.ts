export { SystemdNotifier } from './systemd-notify.js';
