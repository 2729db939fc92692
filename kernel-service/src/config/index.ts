export { loadConfig, envName, DEFAULT_CONFIG_FILE, NON_KEY_VARIABLES } from './load.js';
export { ConfigSchema, ByteSize, type Config } from './schema.js';
